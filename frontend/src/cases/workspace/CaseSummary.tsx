import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { getReintegrationPlan, listMilestones, listPlans, listSessions } from '../../api/records';
import { useFormat } from '../../i18n/format';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { useOrganisation } from '../useOrganisation';
import { useCase } from './CaseContext';
import { useInterventionTypes, useMilestoneDefinitions } from './useCatalogue';

/** How many of the latest sessions a summary lists. */
const RECENT_SESSIONS = 10;

/** A one-page summary of the case for a case conference or a transfer, made to be printed: the
 * pseudonym, phase, team, the plans in force, milestones and recent sessions. It reads only what
 * the case page already shows this user, and leaves out free-text notes and evidence. */
export function CaseSummary() {
  const { t } = useTranslation();
  const f = useFormat();
  const { c } = useCase();
  const org = useOrganisation();
  const types = useInterventionTypes();
  const defs = useMilestoneDefinitions();
  const l = useLoad(
    async (s) => {
      const [plans, sessions, milestones, reint] = await Promise.all([
        listPlans(c.id, s),
        listSessions(c.id, undefined, s),
        listMilestones(c.id, s),
        getReintegrationPlan(c.id, s).catch((e: unknown) => {
          if (e instanceof ApiError && e.status === 404) return null;
          throw e;
        }),
      ]);
      return { plans: plans.items, sessions: sessions.items, milestones: milestones.items, reint: reint?.data ?? null };
    },
    [c.id, c.version],
  );
  const plan = l.data?.plans.filter((p) => p.status === 'approved').sort((a, b) => b.version - a.version)[0];
  const reint = l.data?.reint ? (l.data.reint.in_force ?? (l.data.reint.status === 'approved' ? l.data.reint : null)) : null;
  const typeName = (code: string) => types.find((x) => x.code === code)?.name ?? code;
  const defName = (code: string) => defs.find((d) => d.code === code)?.name ?? code;
  return (
    <section aria-labelledby="summary-title" className="tab case-summary" data-testid="case-summary">
      <div className="case-summary__head">
        <h2 id="summary-title">{t('summary.title', { pseudonym: c.pseudonym })}</h2>
        <button type="button" className="button button--primary no-print" onClick={() => window.print()}>
          {t('summary.print')}
        </button>
      </div>
      <p className="field__hint">{t('summary.printed', { date: f.date(new Date().toISOString().slice(0, 10)) })}</p>
      <LoadState loading={l.loading && !l.data} error={l.error} onRetry={l.reload} />
      <dl className="facts facts--inline">
        <div>
          <dt>{t('cases.pseudonym')}</dt>
          <dd>{c.pseudonym}</dd>
        </div>
        <div>
          <dt>{t('cases.phase')}</dt>
          <dd>{t(`phase.${c.phase}`)}</dd>
        </div>
        <div>
          <dt>{t('cases.facility')}</dt>
          <dd>{org.facilityName(c.facility_id)}</dd>
        </div>
        <div>
          <dt>{t('cases.programme')}</dt>
          <dd>{org.programmeName(c.programme_id)}</dd>
        </div>
        <div>
          <dt>{t('cases.nextReview')}</dt>
          <dd>{c.next_review_date ? f.date(c.next_review_date) : '—'}</dd>
        </div>
        {c.expected_release_date && (
          <div>
            <dt>{t('summary.expectedRelease')}</dt>
            <dd>{f.date(c.expected_release_date)}</dd>
          </div>
        )}
      </dl>

      <h3>{t('summary.team')}</h3>
      {c.team && c.team.length > 0 ? (
        <ul className="plain-list">
          {c.team.map((m) => (
            <li key={m.user_id}>
              {m.username} — {t(`discipline.${m.discipline}`)}
              {m.user_id === c.case_manager_id && ` (${t('cases.caseManager')})`}
            </li>
          ))}
        </ul>
      ) : (
        <p>—</p>
      )}

      {l.data && (
        <>
          <h3>{t('summary.plan')}</h3>
          {plan ? (
            <>
              <p>{t('summary.planVersion', { version: String(plan.version), date: plan.decided_at ? f.date(plan.decided_at.slice(0, 10)) : '—' })}</p>
              {plan.summary && <p dir="auto">{plan.summary}</p>}
              <ul className="plain-list">
                {plan.goals.map((g, i) => (
                  <li key={i}>
                    <strong>{g.need}</strong>
                    {t('punctuation.colon')} <bdi>{g.description}</bdi>
                    {g.target_date && ` (${t('plans.by', { date: f.date(g.target_date) })})`}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t('summary.noPlan')}</p>
          )}

          <h3>{t('summary.reintegration')}</h3>
          {reint ? (
            <ul className="plain-list">
              {reint.items.map((it) => (
                <li key={it.area}>
                  <strong>{t(`area.${it.area}`)}</strong> — {t(`itemStatus.${it.status}`)}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('summary.noReintegration')}</p>
          )}

          <h3>{t('summary.milestones')}</h3>
          {l.data.milestones.length > 0 ? (
            <ul className="plain-list">
              {l.data.milestones.map((m) => (
                <li key={m.id}>
                  {defName(m.definition_code)} — {f.date(m.achieved_on)} ({t(`milestoneStatus.${m.status}`)})
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('summary.noMilestones')}</p>
          )}

          <h3>{t('summary.sessions', { count: Math.min(RECENT_SESSIONS, l.data.sessions.length) })}</h3>
          {l.data.sessions.length > 0 ? (
            <table className="table" data-testid="summary-sessions">
              <caption className="visually-hidden">{t('summary.sessions', { count: Math.min(RECENT_SESSIONS, l.data.sessions.length) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sessions.date')}</th>
                  <th scope="col">{t('sessions.type')}</th>
                  <th scope="col">{t('sessions.attendance')}</th>
                  <th scope="col">{t('sessions.engagement')}</th>
                </tr>
              </thead>
              <tbody>
                {l.data.sessions.slice(0, RECENT_SESSIONS).map((s) => {
                  const mine = s.participants.find((p) => p.case_id === c.id) ?? s.participants[0];
                  return (
                    <tr key={s.id}>
                      <td>{f.date(s.held_on)}</td>
                      <td>{typeName(s.intervention_type)}</td>
                      <td>{mine ? t(`attendance.${mine.attendance}`) : '—'}</td>
                      <td>{mine?.engagement ?? '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : (
            <p>{t('summary.noSessions')}</p>
          )}
        </>
      )}
    </section>
  );
}
