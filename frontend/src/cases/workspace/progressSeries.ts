import type { CaseProgress, ProgressMonth } from '../../api/progress';
import type { TimeSpec } from '../../ui/chart/spec';

/** The words the progress view's series and columns need, in the interface language. */
export interface ProgressNames {
  t(key: string): string;
  type(code: string): string;
}

export const ATTENDANCE = ['attended', 'late', 'excused_absence', 'unexcused_absence', 'refused'] as const;
const OVERALL = ['low', 'moderate', 'high'] as const;

/** The overall judgement on the risk chart's axis: low 1, moderate 2, high 3. */
export function overallLevel(overall: string): number | null {
  const i = OVERALL.indexOf(overall as (typeof OVERALL)[number]);
  return i < 0 ? null : i + 1;
}

/** Assessed risk over time: the assessor's overall judgement (its own axis, named by level)
 * and the mean rating of the rated risk and protective items as a share of the scale. */
export function riskSpec(p: CaseProgress, n: ProgressNames): TimeSpec {
  const at = (y: (r: CaseProgress['risk'][number]) => number | null) => p.risk.map((r) => ({ x: r.assessed_on, y: y(r) }));
  return {
    kind: 'time',
    unit: 'day',
    series: [
      { label: n.t('progress.overall'), type: 'line', axis: 'y', points: at((r) => overallLevel(r.overall)) },
      { label: n.t('progress.riskLevel'), type: 'line', axis: 'y1', points: at((r) => r.risk_level) },
      { label: n.t('progress.protectiveLevel'), type: 'line', axis: 'y1', points: at((r) => r.protective_level) },
    ],
    y: { title: n.t('progress.overall'), min: 1, max: 3, labels: Object.fromEntries(OVERALL.map((o, i) => [i + 1, n.t(`overall.${o}`)])) },
    y1: { title: n.t('progress.itemLevels'), min: 0, max: 1, percent: true },
  };
}

/** The intervention types a case's months hold, in the order they first appear. */
export function typesOf(months: ProgressMonth[]): string[] {
  const out: string[] = [];
  for (const m of months) for (const s of m.sessions) if (!out.includes(s.intervention_type)) out.push(s.intervention_type);
  return out;
}

/** Sessions of one type in a month (0 when none). */
export function sessionsOf(m: ProgressMonth, type: string): number {
  return m.sessions.find((s) => s.intervention_type === type)?.sessions ?? 0;
}

/** Sessions per month, stacked by intervention type. */
export function sessionsSpec(p: CaseProgress, n: ProgressNames): TimeSpec {
  return {
    kind: 'time',
    unit: 'month',
    series: typesOf(p.months).map((type) => ({
      label: n.type(type),
      type: 'bar',
      axis: 'y',
      stack: 'sessions',
      points: p.months.map((m) => ({ x: m.month, y: sessionsOf(m, type) })),
    })),
    y: { title: n.t('progress.sessionCount'), min: 0, integer: true },
  };
}

/** Attendance per month, stacked by the case's attendance, with mean engagement (1–5) as a
 * line on its own axis; a month without ratings has no point. */
export function attendanceSpec(p: CaseProgress, n: ProgressNames): TimeSpec {
  return {
    kind: 'time',
    unit: 'month',
    series: [
      ...ATTENDANCE.map((code) => ({
        label: n.t(`attendance.${code}`),
        type: 'bar' as const,
        axis: 'y' as const,
        stack: 'attendance',
        points: p.months.map((m) => ({ x: m.month, y: m.attendance[code] ?? 0 })),
      })),
      {
        label: n.t('progress.engagementMean'),
        type: 'line',
        axis: 'y1',
        points: p.months.map((m) => ({ x: m.month, y: m.engagement_mean })),
      },
    ],
    y: { title: n.t('progress.sessionCount'), min: 0, integer: true },
    y1: { title: n.t('progress.engagementMean'), min: 1, max: 5, integer: true },
  };
}

/** Milestones reached in each month (bars) and holding at its end (a level). */
export function milestonesSpec(p: CaseProgress, n: ProgressNames): TimeSpec {
  return {
    kind: 'time',
    unit: 'month',
    series: [
      { label: n.t('progress.reached'), type: 'bar', axis: 'y', points: p.months.map((m) => ({ x: m.month, y: m.milestones_reached })) },
      { label: n.t('progress.held'), type: 'line', axis: 'y', stepped: true, points: p.months.map((m) => ({ x: m.month, y: m.milestones_held })) },
    ],
    y: { title: n.t('progress.milestoneCount'), min: 0, integer: true },
  };
}
