import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { listInstruments, listInterventionTypes, listMilestoneDefinitions } from '../../api/catalogue';
import { getCaseProgress, type CaseProgress } from '../../api/progress';
import { useFormat } from '../../i18n/format';
import { instrumentName, useLabels } from '../../i18n/labels';
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

/** One row of a figures table: its heading cell (a date or a month) and the others. */
interface Row {
  key: string;
  head: ReactNode;
  cells: ReactNode[];
}

/** A chart's figures as a table, the chart's text alternative: a caption for screen readers,
 * column headings, and a heading cell per row. */
function Figures({ caption, columns, rows, testId }: { caption: string; columns: ReactNode[]; rows: Row[]; testId?: string }) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.head}</th>
              {r.cells.map((c, i) => (
                <td key={i}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RiskSection({ p, names }: { p: CaseProgress; names: ProgressNames }) {
  const { t } = useTranslation();
  // The instrument by name, and "form version" so it is not read as the assessment's version.
  const instruments = useLoad((sig) => listInstruments(sig), []);
  const instrumentOf = (code: string, version: string) => {
    const all = instruments.data?.items ?? [];
    const name = (all.find((x) => x.code === code && x.version === version) ?? all.find((x) => x.code === code))?.name ?? code;
    return t('assessments.instrumentForm', { name: instrumentName(t, code, version, name), version });
  };
  const f = useFormat();
  const level = (v: number | null, n: number) => (v === null ? '—' : t('progress.levelOf', { level: f.percent(v), n: String(n) }));
  return (
    <Part id="progress-risk" title={t('progress.risk')} empty={p.risk.length === 0}>
      <Chart spec={riskSpec(p, names)} caption={t('progress.riskCaption')} />
      <Figures
        caption={t('progress.risk')}
        columns={['assessedOn', 'occasion', 'overall', 'riskLevel', 'protectiveLevel', 'instrument'].map((k) => t(`progress.${k}`))}
        rows={p.risk.map((r) => ({
          key: r.assessment_id,
          head: f.date(r.assessed_on),
          cells: [
            t(`occasion.${r.occasion}`),
            t(`overall.${r.overall}`),
            level(r.risk_level, r.risk_rated),
            level(r.protective_level, r.protective_rated),
            <bdi key="i">{instrumentOf(r.instrument_code, r.instrument_version)}</bdi>,
          ],
        }))}
      />
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
      <Figures
        testId="progress-sessions-table"
        caption={t('progress.sessions')}
        columns={[t('progress.month'), ...types.map((x) => names.type(x)), t('progress.allTypes'), t('progress.minutes')]}
        rows={p.months.map((m) => ({
          key: m.month,
          head: f.month(m.month),
          cells: [
            ...types.map((x) => f.number(sessionsOf(m, x), 0)),
            f.number(m.sessions.reduce((n, s) => n + s.sessions, 0), 0),
            f.number(m.sessions.reduce((n, s) => n + s.minutes, 0), 0),
          ],
        }))}
      />
    </Part>
  );
}

function AttendanceSection({ p, names }: { p: CaseProgress; names: ProgressNames }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Part id="progress-attendance" title={t('progress.attendance')} empty={typesOf(p.months).length === 0}>
      <Chart spec={attendanceSpec(p, names)} caption={t('progress.attendanceCaption')} />
      <Figures
        testId="progress-attendance-table"
        caption={t('progress.attendance')}
        columns={[t('progress.month'), ...ATTENDANCE.map((a) => t(`attendance.${a}`)), t('progress.engagementMean')]}
        rows={p.months.map((m) => ({
          key: m.month,
          head: f.month(m.month),
          cells: [
            ...ATTENDANCE.map((a) => f.number(m.attendance[a] ?? 0, 0)),
            m.engagement_mean === null
              ? '—'
              : t('progress.engagementOf', { mean: f.number(m.engagement_mean, 1), n: String(m.engagement_rated) }),
          ],
        }))}
      />
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
          <Figures
            testId="progress-milestones-table"
            caption={t('progress.milestonesByMonth')}
            columns={[t('progress.month'), t('progress.reached'), t('progress.held')]}
            rows={p.months.map((m) => ({
              key: m.month,
              head: f.month(m.month),
              cells: [f.number(m.milestones_reached, 0), f.number(m.milestones_held, 0)],
            }))}
          />
        </>
      )}
      <h4>{t('progress.claims')}</h4>
      <Figures
        testId="progress-claims-table"
        caption={t('progress.claims')}
        columns={[t('milestones.achievedOn'), t('milestones.definition'), t('milestones.status')]}
        rows={p.milestones.map((m) => ({
          key: m.id,
          head: f.date(m.achieved_on),
          cells: [milestoneName(m.definition_code), `${t(`milestoneStatus.${m.status}`)}${m.lapsed_on ? ` — ${f.date(m.lapsed_on)}` : ''}`],
        }))}
      />
    </Part>
  );
}
