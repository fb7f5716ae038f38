import type { TFunction } from 'i18next';
import type { Task } from '../api/types';
import type { Format } from '../i18n/format';

/** Where in the case a task is done. */
const SECTION: Record<Task['kind'], string> = {
  baseline_due: 'assessments',
  review_due: 'assessments',
  plan_to_revise: 'plans',
  reintegration_plan_due: 'reintegration',
  follow_up_due: 'follow-ups',
  decision_waiting: '',
  phase_overstay: 'phase',
  request_decided: '',
  draft_to_finish: '',
};

/** Where a draft is continued, by what it is. */
const DRAFT_SECTION: Record<string, string> = {
  assessment: 'assessments',
  plan: 'plans',
  reintegration_plan: 'reintegration',
};

const DECIDED_SECTION: Record<string, string> = {
  transition: 'phase',
  plan: 'plans',
  milestone: 'milestones',
  reintegration_plan: 'reintegration',
};

/** The address of the page where a task is done: the case's section, or the request in the
 * approvals queue. */
export function taskHref(task: Task): string {
  if (task.kind === 'decision_waiting') return `/approvals#approval-${encodeURIComponent(task.ref_id)}`;
  const section =
    task.kind === 'request_decided'
      ? (DECIDED_SECTION[task.approval_kind ?? ''] ?? 'timeline')
      : task.kind === 'draft_to_finish'
        ? DRAFT_SECTION[task.draft_kind ?? '']
        : SECTION[task.kind];
  return `/cases/${encodeURIComponent(task.case_id)}/${section || 'timeline'}`;
}

/** What is to be done, in the reader's language: one sentence naming the work and its date. */
export function taskTitle(t: TFunction, f: Format, task: Task, milestoneName: (code: string) => string): string {
  const due = f.date(task.due_on);
  const kind = task.approval_kind ? t(`approvalKind.${task.approval_kind}`) : '';
  const what =
    task.approval_kind === 'milestone' && task.milestone_code
      ? t('punctuation.labelled', { label: kind, value: milestoneName(task.milestone_code) })
      : task.approval_kind === 'plan' && task.plan_version
        ? `${kind} ${t('approvals.planVersion', { version: f.number(task.plan_version, 0) })}`
        : task.approval_kind === 'transition' && task.phase
          ? t('tasks.phaseChangeTo', { phase: t(`phase.${task.phase}`) })
          : kind;
  switch (task.kind) {
    case 'follow_up_due':
      // Counts go in as plain digits: the dictionaries put them through the plural rules.
      return t(`tasks.kind.follow_up_due`, { months: String(task.months ?? 0), due });
    case 'decision_waiting':
      return t('tasks.kind.decision_waiting', { what, days: String(task.days ?? 0) });
    case 'phase_overstay':
      return t('tasks.kind.phase_overstay', { phase: t(`phase.${task.phase}`), days: String(task.days ?? 0), due });
    case 'request_decided':
      return t(task.decision === 'approved' ? 'tasks.kind.request_approved' : 'tasks.kind.request_rejected', {
        what,
        by: task.decided_by ?? '',
      });
    case 'draft_to_finish':
      return t(`tasks.kind.draft_${task.draft_kind ?? 'assessment'}`, {
        due,
        occasion: task.occasion ? t(`occasion.${task.occasion}`) : '',
        version: f.number(task.plan_version ?? 0, 0),
      });
    case 'plan_to_revise':
      return t('tasks.kind.plan_to_revise', { by: task.decided_by ?? '', due });
    default:
      return t(`tasks.kind.${task.kind}`, { due });
  }
}
