import type React from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth/AuthContext';
import { SetPassword } from './auth/SetPassword';
import { SignIn } from './auth/SignIn';
import { AdminPage } from './admin/AdminPage';
import { ApprovalsPage } from './approvals/ApprovalsPage';
import { AuditPage } from './audit/AuditPage';
import { can } from './auth/permissions';
import { CaseList } from './cases/CaseList';
import { IntakeForm } from './cases/IntakeForm';
import { CaseWorkspace } from './cases/workspace/CaseWorkspace';
import { OverviewPage } from './overview/OverviewPage';
import { GroupSessionPage } from './sessions/GroupSessionPage';
import { StatisticsPage } from './statistics/StatisticsPage';
import { TransfersPage } from './transfers/TransfersPage';
import { Home } from './pages/Home';
import { Loading } from './pages/Loading';
import { NotFound } from './pages/NotFound';
import { Unavailable } from './pages/Unavailable';
import { Layout } from './shell/Layout';
import { Nav } from './shell/Nav';
import { navItemsFor, type NavItem } from './shell/navItems';
import { useFocusOnNavigate } from './shell/useFocusOnNavigate';
import { TaskSummaryProvider } from './tasks/TaskSummaryContext';

/** Where a person sets their own password with a one-time code (signed out). */
const SET_PASSWORD_PATH = '/set-password';

/** Chooses between sign-in and the signed-in app. Sign-in is shown at whatever address was
 * asked for, so after signing in the person lands where they meant to go. */
export function App() {
  const { state, retry } = useAuth();
  const { t } = useTranslation();
  const { pathname } = useLocation();
  switch (state.status) {
    case 'loading':
      return (
        <Layout signedIn={false}>
          <Loading />
        </Layout>
      );
    case 'unavailable':
      return (
        <Layout signedIn={false}>
          <Unavailable onRetry={retry} />
        </Layout>
      );
    case 'signed-out': {
      const notice =
        state.reason === 'expired'
          ? t('signIn.sessionEnded')
          : state.reason === 'sign-out-unconfirmed'
            ? t('user.signOutFailed')
            : state.reason === 'signed-out'
              ? t('signIn.signedOut')
              : undefined;
      return (
        <Layout signedIn={false}>{pathname === SET_PASSWORD_PATH ? <SetPassword /> : <SignIn notice={notice} />}</Layout>
      );
    }
    case 'signed-in':
      return <SignedInApp />;
  }
}

function SignedInApp() {
  const { state } = useAuth();
  useFocusOnNavigate();
  if (state.status !== 'signed-in') return null;
  const sections = navItemsFor(state.user);
  return (
    <TaskSummaryProvider>
      <Layout signedIn nav={<Nav />}>
        <Routes>
          <Route index element={<Home />} />
          {sections.map((s) => (
            <Route key={s.key} path={s.key === 'administration' ? `${s.path}/*` : s.path} element={PAGES[s.key]} />
          ))}
          {can(state.user, 'cases:write') && <Route path="/cases/new" element={<IntakeForm />} />}
          {can(state.user, 'cases:read') && <Route path="/cases/:id/*" element={<CaseWorkspace />} />}
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Layout>
    </TaskSummaryProvider>
  );
}

const PAGES: Record<NavItem['key'], React.ReactNode> = {
  caseload: <CaseList />,
  groupSession: <GroupSessionPage />,
  overview: <OverviewPage />,
  approvals: <ApprovalsPage />,
  transfers: <TransfersPage />,
  statistics: <StatisticsPage />,
  audit: <AuditPage />,
  administration: <AdminPage />,
};
