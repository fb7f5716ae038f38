import { useTranslation } from 'react-i18next';
import { listCases, type CaseFilters } from '../api/cases';
import type { Case, Phase } from '../api/types';
import { CaseTable } from '../cases/CaseTable';
import { PHASES } from '../cases/phases';
import { useOrganisation } from '../cases/useOrganisation';
import { today } from '../forms/dates';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { BarChart } from '../ui/BarChart';
import { LoadState } from '../ui/LoadState';
import { useLoad } from '../ui/useLoad';

/** Reads every page of a case list (the scope of one supervisor is bounded; 200 a page). */
async function allCases(filter: CaseFilters, signal: AbortSignal): Promise<Case[]> {
  const out: Case[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await listCases({ ...filter, cursor, limit: 200 }, signal);
    out.push(...page.items);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return out;
}

/** The supervisor's picture: overdue reviews, overdue follow-ups and the caseload by phase. */
export function OverviewPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.overview'));
  const org = useOrganisation();
  const overdue = useLoad((s) => allCases({ overdue: 'true' }, s), []);
  const followUps = useLoad((s) => allCases({ follow_up_overdue: 'true' }, s), []);
  const all = useLoad((s) => allCases({}, s), []);
  const byPhase = PHASES.map((p: Phase) => ({ label: t(`phase.${p}`), value: (all.data ?? []).filter((c) => c.phase === p).length }));
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('nav.overview')}</h1>
      <section aria-labelledby="ov-overdue" className="card">
        <h2 id="ov-overdue">{t('overview.overdue')}</h2>
        <LoadState loading={overdue.loading} error={overdue.error} onRetry={overdue.reload} />
        {overdue.data && overdue.data.length === 0 && <p>{t('overview.noneOverdue')}</p>}
        {overdue.data && overdue.data.length > 0 && (
          <CaseTable cases={overdue.data} org={org} today={today()} caption={t('overview.overdue')} />
        )}
      </section>
      <section aria-labelledby="ov-follow-ups" className="card">
        <h2 id="ov-follow-ups">{t('overview.followUpsOverdue')}</h2>
        <p className="field__hint">{t('overview.followUpsOverdueHint')}</p>
        <LoadState loading={followUps.loading} error={followUps.error} onRetry={followUps.reload} />
        {followUps.data && followUps.data.length === 0 && <p>{t('overview.noFollowUpsOverdue')}</p>}
        {followUps.data && followUps.data.length > 0 && (
          <CaseTable cases={followUps.data} org={org} today={today()} caption={t('overview.followUpsOverdue')} />
        )}
      </section>
      <section aria-labelledby="ov-phase" className="card">
        <h2 id="ov-phase">{t('overview.byPhase')}</h2>
        <LoadState loading={all.loading} error={all.error} onRetry={all.reload} />
        {all.data && (
          <>
            <BarChart bars={byPhase} caption={t('overview.byPhaseCaption', { count: all.data.length })} valueTitle={t('overview.cases')} />
            <table className="table" data-testid="phase-table">
              <caption className="visually-hidden">{t('overview.byPhase')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cases.phase')}</th>
                  <th scope="col">{t('overview.cases')}</th>
                </tr>
              </thead>
              <tbody>
                {byPhase.map((b) => (
                  <tr key={b.label}>
                    <th scope="row">{b.label}</th>
                    <td>{b.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </div>
  );
}
