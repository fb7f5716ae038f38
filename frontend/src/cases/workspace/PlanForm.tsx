import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createPlan } from '../../api/records';
import type { Plan, PlanRequest } from '../../api/types';
import { useDraft } from '../../forms/drafts';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { fieldMessage } from '../../forms/problems';
import { SubmitButton } from '../../forms/SubmitButton';
import { useSubmit } from '../../forms/useSubmit';

interface Goal {
  need: string;
  description: string;
  target_date: string;
  // Carried over unchanged from the version a new one starts from: the form does not edit them,
  // and a revision must not drop them silently.
  interventions?: string[];
  responsible_id?: string | null;
}
const blankGoal: Goal = { need: '', description: '', target_date: '' };

/** The form's content for a new version that starts from `from` (trial 17, S5: after a rejection
 * the author edits what the supervisor asked, rather than retyping the whole plan). */
const startFrom = (from: Plan | undefined) =>
  from
    ? {
        summary: from.summary,
        goals: from.goals.map(
          (g): Goal => ({
            need: g.need,
            description: g.description,
            target_date: g.target_date ?? '',
            ...(g.interventions?.length ? { interventions: g.interventions } : {}),
            ...(g.responsible_id ? { responsible_id: g.responsible_id } : {}),
          }),
        ),
      }
    : { summary: '', goals: [{ ...blankGoal }] };

/** The form for a new plan version. With `from` (the case's latest version, whatever its status),
 * it starts as a copy of that version, and says so. */
export function PlanForm({ caseId, from, onSaved }: { caseId: string; from?: Plan; onSaved(): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  // Kept through a session that ends mid-form (forms/drafts.ts).
  const [draft, setDraft, discardDraft] = useDraft(`plan.${caseId}`, startFrom(from));
  const { summary, goals } = draft;
  const setSummary = (summary: string) => setDraft((d) => ({ ...d, summary }));
  const setGoals = (f: (gs: Goal[]) => Goal[]) => setDraft((d) => ({ ...d, goals: f(d.goals) }));
  const err = (p: string) => fieldMessage(submit.failure, p);
  const setGoal = (i: number, patch: Partial<Goal>) => setGoals((gs) => gs.map((g, j) => (j === i ? { ...g, ...patch } : g)));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body: PlanRequest = {
      ...(summary.trim() ? { summary } : {}),
      goals: goals.map((g) => ({
        need: g.need,
        description: g.description,
        ...(g.target_date ? { target_date: g.target_date } : {}),
        ...(g.interventions?.length ? { interventions: g.interventions } : {}),
        ...(g.responsible_id ? { responsible_id: g.responsible_id } : {}),
      })),
    };
    const ok = await submit.run({ ...body }, (b, key) => createPlan(caseId, b as unknown as PlanRequest, key));
    if (ok) {
      discardDraft();
      onSaved();
    }
  }

  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="plan-form-title">
      <h3 id="plan-form-title">{t('plans.new')}</h3>
      {from && <p className="field__hint">{t('plans.startsFrom', { n: String(from.version), status: t(`planStatus.${from.status}`) })}</p>}
      <FormStatus submit={submit} />
      <Field label={t('plans.summary')} hint={t('forms.noIdentifiersHint')} error={err('summary')}>
        {(p) => <textarea {...p} className="input" rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />}
      </Field>
      {goals.map((g, i) => (
        <fieldset key={i} className="fieldset">
          <legend>{t('plans.goal', { n: String(i + 1) })}</legend>
          <Field label={t('plans.need')} error={err(`goals[${i}].need`)}>
            {(p) => <input {...p} className="input" value={g.need} onChange={(e) => setGoal(i, { need: e.target.value })} />}
          </Field>
          <Field label={t('plans.description')} error={err(`goals[${i}].description`)}>
            {(p) => <textarea {...p} className="input" rows={2} value={g.description} onChange={(e) => setGoal(i, { description: e.target.value })} />}
          </Field>
          <Field label={t('plans.targetDate')} error={err(`goals[${i}].target_date`)}>
            {(p) => <input {...p} type="date" className="input input--date" value={g.target_date} onChange={(e) => setGoal(i, { target_date: e.target.value })} />}
          </Field>
          {goals.length > 1 && (
            <button type="button" className="button button--small" onClick={() => setGoals((gs) => gs.filter((_, j) => j !== i))}>
              {t('plans.removeGoal', { n: String(i + 1) })}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" className="button" onClick={() => setGoals((gs) => [...gs, { ...blankGoal }])}>
        {t('plans.addGoal')}
      </button>
      <SubmitButton pending={submit.pending} label={t('plans.saveDraft')} />
    </form>
  );
}
