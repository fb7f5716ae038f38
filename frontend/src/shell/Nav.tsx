import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useUser } from '../auth/AuthContext';
import { useTaskSummary } from '../tasks/TaskSummaryContext';
import { navItemsFor } from './navItems';

export function Nav() {
  const { t } = useTranslation();
  const items = navItemsFor(useUser());
  const { summary } = useTaskSummary();
  const waiting = summary?.approvals_waiting ?? 0;
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        <li>
          <NavLink to="/" end>
            {t('nav.home')}
          </NavLink>
        </li>
        {items.map((item) => (
          <li key={item.key}>
            <NavLink to={item.path}>
              {t(`nav.${item.key}`)}
              {item.key === 'approvals' && waiting > 0 && (
                <>
                  {/* The count is part of the link's name: "Approvals, 3 waiting". */}
                  <span className="visually-hidden">, </span>
                  <span className="nav__count" data-testid="approvals-waiting-count">
                    {t('nav.waiting', { count: waiting })}
                  </span>
                </>
              )}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
