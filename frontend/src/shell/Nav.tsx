import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useUser } from '../auth/AuthContext';
import { navItemsFor } from './navItems';

export function Nav() {
  const { t } = useTranslation();
  const items = navItemsFor(useUser());
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
            <NavLink to={item.path}>{t(`nav.${item.key}`)}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
