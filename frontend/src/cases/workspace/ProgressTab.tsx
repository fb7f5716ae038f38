import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { listInterventionTypes, listMilestoneDefinitions } from '../../api/catalogue';
import { getCaseProgress, type CaseProgress } from '../../api/progress';
import { useFormat } from '../../i18n/format';
import { useLabels } from '../../i18n/labels';
import { Chart } from '../../ui/chart/Chart';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { useCase } from './CaseContext';
import {
  ATTENDANCE,
  attendanceSpec,
  milestonesSpec,
  riskSpec,
  sessionsOf,
  sessionsSpec,
  typesOf,
  type ProgressNames,
} from './progressSeries';

/** The case's progress at a glance: four charts, each with the table that holds its figures
 * (the table is the chart's text alternative). Loaded in one read of the case. */
export function ProgressTab() {
  const { t } = useTranslation();
  const { c } = useCase();
  const l = useLoad((s) => getCaseProgress(c.id, s), [c.id, c.version]);
  // Every type and definition, retired ones too: a case's history may name them.
  const types = useLoad((s) => listInterventionTypes(s), []).data?.items;
  const defs = useLoad((s) => listMilestoneDefinitions(s), []).data?.items ?? [];
  const { label } = useLabels();
  const names: ProgressNames = useMemo(
    () => ({ t: (k: string) => t(k), type: (code: string) => label('interventionType', code, types?.find((x) => x.code === code)?.name) }),
    [t, label, types],
  );
  const milestoneName = (code: string) => label('milestone', code, defs.find((d) => d.code === code)?.name);
  const p = l.data;
  return (
    <section aria-labelledby="tab-progress" className="tab">
      <h2 id="tab-progress">{t('workspace.tab.progress')}</h2>
      <p className="field__hint">{t('progress.intro')}</p>
      <LoadState loading={l.loading && !p} error={l.error} onRetry={l.reload} />
      {p && (
        <>
          <RiskSection p={p} names={names} />
          <SessionsSection p={p} names={names} />
          <AttendanceSection p={p} names={names} />
          <MilestonesSection p={p} names={names} milestoneName={milestoneName} />
        </>
      )}
    </section>
  );
}

function Part({ id, title, empty, children }: { id: string; title: string; empty: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={id} className="card" data-testid={id}>
      <h3 id={id}>{title}</h3>
      {empty ? <p>{t('progress.none')}</p> : children}
    </section>
  );
}

function RiskSection({ p, names }: { p: CaseProgress; names: ProgressNames }) {
  const { t } = useTranslation();
  const f = useFormat();
  const level = (v: number | null, n: number) => (v === null ? '—' : t('progress.levelOf', { level: f.percent(v), n: f.number(n, 0) }));
  return (
    <Part id="progress-risk" title={t('progress.risk')} empty={p.risk.length === 0}>
      <Chart spec={riskSpec(p, names)} caption={t('progress.riskCaption')} />
      <div className="table-scroll">
        <table className="table">
          <caption className="visually-hidden">{t('progress.risk')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('progress.assessedOn')}</th>
              <th scope="col">{t('progress.occasion')}</th>
              <th scope="col">{t('progress.overall')}</th>
              <th scope="col">{t('progress.riskLevel')}</th>
              <th scope="col">{t('progress.protectiveLevel')}</th>
              <th scope="col">{t('progress.instrument')}</th>
            </tr>
          </thead>
          <tbody>
            {p.risk.map((r) => (
              <tr key={r.assessment_id}>
                <th scope="row">{f.date(r.assessed_on)}</th>
                <td>{t(`occasion.${r.occasion}`)}</td>
                <td>{t(`overall.${r.overall}`)}</td>
                <td>{level(r.risk_level, r.risk_rated)}</td>
                <td>{level(r.protective_level, r.protective_rated)}</td>
                <td>
                  <bdi>{`${r.instrument_code} ${r.instrument_version}`}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Part>
  );
}

function SessionsSection({ p, names }: { p: CaseProgress; names: ProgressNames }) {
  const { t } = useTranslation();
  const f = useFormat();
  const types = typesOf(p.months);
  return (
    <Part id="progress-sessions" title={t('progress.sessions')} empty={types.length === 0}>
      <Chart spec={sessionsSpec(p, names)} caption={t('progress.sessionsCaption')} />
      <div className="table-scroll">
        <table className="table" data-testid="progress-sessions-table">
          <caption className="visually-hidden">{t('progress.sessions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('progress.month')}</th>
              {types.map((x) => (
                <th key={x} scope="col">
                  {names.type(x)}
                </th>
              ))}
              <th scope="col">{t('progress.allTypes')}</th>
              <th scope="col">{t('progress.minutes')}</th>
            </tr>
          </thead>
          <tbody>
            {p.months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{f.month(m.month)}</th>
                {types.map((x) => (
                  <td key={x}>{f.number(sessionsOf(m, x), 0)}</td>
                ))}
                <td>{f.number(m.sessions.reduce((n, s) => n + s.sessions, 0), 0)}</td>
                <td>{f.number(m.sessions.reduce((n, s) => n + s.minutes, 0), 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Part>
  );
}

function AttendanceSection({ p, names }: { p: CaseProgress; names: ProgressNames }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Part id="progress-attendance" title={t('progress.attendance')} empty={typesOf(p.months).length === 0}>
      <Chart spec={attendanceSpec(p, names)} caption={t('progress.attendanceCaption')} />
      <div className="table-scroll">
        <table className="table" data-testid="progress-attendance-table">
          <caption className="visually-hidden">{t('progress.attendance')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('progress.month')}</th>
              {ATTENDANCE.map((a) => (
                <th key={a} scope="col">
                  {t(`attendance.${a}`)}
                </th>
              ))}
              <th scope="col">{t('progress.engagementMean')}</th>
            </tr>
          </thead>
          <tbody>
            {p.months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{f.month(m.month)}</th>
                {ATTENDANCE.map((a) => (
                  <td key={a}>{f.number(m.attendance[a] ?? 0, 0)}</td>
                ))}
                <td>
                  {m.engagement_mean === null
                    ? '—'
                    : t('progress.engagementOf', { mean: f.number(m.engagement_mean, 1), n: f.number(m.engagement_rated, 0) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Part>
  );
}

function MilestonesSection({ p, names, milestoneName }: { p: CaseProgress; names: ProgressNames; milestoneName(code: string): string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Part id="progress-milestones" title={t('progress.milestones')} empty={p.milestones.length === 0}>
      {p.months.length > 0 && (
        <>
          <Chart spec={milestonesSpec(p, names)} caption={t('progress.milestonesCaption')} />
          <div className="table-scroll">
            <table className="table" data-testid="progress-milestones-table">
              <caption className="visually-hidden">{t('progress.milestonesByMonth')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('progress.month')}</th>
                  <th scope="col">{t('progress.reached')}</th>
                  <th scope="col">{t('progress.held')}</th>
                </tr>
              </thead>
              <tbody>
                {p.months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{f.month(m.month)}</th>
                    <td>{f.number(m.milestones_reached, 0)}</td>
                    <td>{f.number(m.milestones_held, 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h4>{t('progress.claims')}</h4>
      <div className="table-scroll">
        <table className="table" data-testid="progress-claims-table">
          <caption className="visually-hidden">{t('progress.claims')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('milestones.achievedOn')}</th>
              <th scope="col">{t('milestones.definition')}</th>
              <th scope="col">{t('milestones.status')}</th>
            </tr>
          </thead>
          <tbody>
            {p.milestones.map((m) => (
              <tr key={m.id}>
                <th scope="row">{f.date(m.achieved_on)}</th>
                <td>{milestoneName(m.definition_code)}</td>
                <td>
                  {t(`milestoneStatus.${m.status}`)}
                  {m.lapsed_on && ` — ${f.date(m.lapsed_on)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Part>
  );
}
