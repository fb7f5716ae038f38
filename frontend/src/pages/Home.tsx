import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Membership } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { can } from '../auth/permissions';
import { navItemsFor } from '../shell/navItems';
import { SignOutButton } from '../shell/SignOutButton';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { TaskList } from '../tasks/TaskList';
import { useTaskSummary } from '../tasks/TaskSummaryContext';
import { useFacilityNames } from './useFacilityNames';

function useScopeLabel(facilityNames: Map<string, string>) {
  const { t } = useTranslation();
  return (m: Membership) => {
    switch (m.scope_kind) {
      case 'global':
        return t('scope.global');
      case 'country':
        return t('scope.country', { country: m.country ?? '' });
      case 'facility':
        return t('scope.facility', { facility: facilityNames.get(m.facility_id ?? '') ?? m.facility_id ?? '' });
      default:
        return m.scope_kind;
    }
  };
}

/** The home page: for people with cases, what is due on them (and for supervisors what waits
 * for their decision); then who the person is, their roles and sections. */
export function Home() {
  const { t } = useTranslation();
  const user = useUser();
  const scopeLabel = useScopeLabel(useFacilityNames(user));
  const sections = navItemsFor(user);
  const name = user.display_name || user.username;
  useDocumentTitle(t('nav.home'));

  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('home.title', { name })}</h1>

      {can(user, 'tasks:read') && <HomeTasks />}

      <section aria-labelledby="home-account" className="card">
        <h2 id="home-account">{t('home.account')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('home.username')}</dt>
            <dd data-testid="username">{user.username}</dd>
          </div>
          <div>
            <dt>{t('home.displayName')}</dt>
            <dd data-testid="display-name">{user.display_name}</dd>
          </div>
          <div>
            <dt>{t('home.twoFactor')}</dt>
            <dd>{user.totp_enabled ? t('home.twoFactorOn') : t('home.twoFactorOff')}</dd>
          </div>
        </dl>
        <SignOutButton className="button" />
      </section>

      <section aria-labelledby="home-roles" className="card">
        <h2 id="home-roles">{t('home.roles')}</h2>
        {user.memberships.length === 0 ? (
          <p>{t('home.noRoles')}</p>
        ) : (
          <table className="table" data-testid="roles">
            <thead>
              <tr>
                <th scope="col">{t('home.roleColumn')}</th>
                <th scope="col">{t('home.scopeColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {user.memberships.map((m) => (
                <tr key={m.id}>
                  <td data-role={m.role}>{t(`roles.${m.role}`, { defaultValue: m.role })}</td>
                  <td>{scopeLabel(m)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="home-sections" className="card">
        <h2 id="home-sections">{t('home.sections')}</h2>
        {sections.length === 0 ? (
          <p>{t('home.noSections')}</p>
        ) : (
          <ul className="link-list">
            {sections.map((s) => (
              <li key={s.key}>
                <Link to={s.path}>{t(`nav.${s.key}`)}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function HomeTasks() {
  const { t } = useTranslation();
  const user = useUser();
  const { summary } = useTaskSummary();
  const waiting = can(user, 'approvals:read') ? (summary?.approvals_waiting ?? 0) : 0;
  return (
    <section aria-labelledby="home-tasks" className="card">
      <h2 id="home-tasks">{t('home.tasks')}</h2>
      <p className="muted">{t('home.tasksIntro')}</p>
      {waiting > 0 && (
        <p className="notice" data-testid="approvals-waiting">
          {t('home.approvalsWaiting', { count: waiting })} <Link to="/approvals">{t('home.openApprovals')}</Link>
        </p>
      )}
      <TaskList headingLevel={3} />
    </section>
  );
}
