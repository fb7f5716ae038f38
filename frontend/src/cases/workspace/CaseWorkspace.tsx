import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Navigate, Route, Routes, useParams } from 'react-router';
import { getCase } from '../../api/cases';
import { useUser } from '../../auth/AuthContext';
import { can } from '../../auth/permissions';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { AssessmentsTab } from './AssessmentsTab';
import { CaseContext } from './CaseContext';
import { CaseHeader } from './CaseHeader';
import { CaseSummary } from './CaseSummary';
import { DetailsTab } from './DetailsTab';
import { FollowUpsTab } from './FollowUpsTab';
import { MilestonesTab } from './MilestonesTab';
import { PhaseTab } from './PhaseTab';
import { PlansTab } from './PlansTab';
import { PracticesTab } from './PracticesTab';
import { ProgressTab } from './ProgressTab';
import { ReintegrationTab } from './ReintegrationTab';
import { ReleasesTab } from './ReleasesTab';
import { SessionsTab } from './SessionsTab';
import { TeamTab } from './TeamTab';
import { TimelineTab } from './TimelineTab';
import { TransferTab } from './TransferTab';

const TABS = [
  { path: 'timeline', el: <TimelineTab /> },
  { path: 'progress', el: <ProgressTab /> },
  { path: 'details', el: <DetailsTab /> },
  { path: 'assessments', el: <AssessmentsTab /> },
  { path: 'plans', el: <PlansTab /> },
  { path: 'sessions', el: <SessionsTab /> },
  { path: 'milestones', el: <MilestonesTab /> },
  { path: 'reintegration', el: <ReintegrationTab /> },
  { path: 'releases', el: <ReleasesTab /> },
  { path: 'follow-ups', el: <FollowUpsTab /> },
  { path: 'practices', el: <PracticesTab /> },
  { path: 'phase', el: <PhaseTab /> },
  { path: 'transfer', el: <TransferTab /> },
  { path: 'team', el: <TeamTab />, permission: 'case_team:write' },
];

/** One case: its header and a section per kind of record, each at its own address. */
export function CaseWorkspace() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const loaded = useLoad((s) => getCase(id, s), [id]);
  const c = loaded.data?.data;
  useDocumentTitle(c ? t('workspace.title', { pseudonym: c.pseudonym }) : t('workspace.loading'));
  const api = useMemo(
    () => (c ? { c, etag: loaded.data?.etag ?? `"${c.version}"`, reload: loaded.reload } : null),
    [c, loaded.data?.etag, loaded.reload],
  );
  const tabs = TABS.filter((x) => !x.permission || can(user, x.permission));
  if (!api) {
    return (
      <div className="page">
        <h1 tabIndex={-1}>{t('workspace.loading')}</h1>
        <LoadState loading={loaded.loading} error={loaded.error} onRetry={loaded.reload} />
      </div>
    );
  }
  return (
    <CaseContext.Provider value={api}>
      <div className="page">
        <CaseHeader />
        <nav className="tabs" aria-label={t('workspace.sections')}>
          <ul>
            {tabs.map((x) => (
              <li key={x.path}>
                <NavLink to={`/cases/${encodeURIComponent(api.c.id)}/${x.path}`}>{t(`workspace.tab.${x.path}`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <Routes>
          <Route index element={<Navigate to="timeline" replace />} />
          {tabs.map((x) => (
            <Route key={x.path} path={x.path} element={x.el} />
          ))}
          <Route path="summary" element={<CaseSummary />} />
        </Routes>
      </div>
    </CaseContext.Provider>
  );
}
