import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createPlan } from '../../api/records';
import type { PlanRequest } from '../../api/types';
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
}
const blankGoal: Goal = { need: '', description: '', target_date: '' };

export function PlanForm({ caseId, onSaved }: { caseId: string; onSaved(): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  // Kept through a session that ends mid-form (forms/drafts.ts).
  const [draft, setDraft, discardDraft] = useDraft(`plan.${caseId}`, { summary: '', goals: [{ ...blankGoal }] as Goal[] });
  const { summary, goals } = draft;
  const setSummary = (summary: string) => setDraft((d) => ({ ...d, summary }));
  const setGoals = (f: (gs: Goal[]) => Goal[]) => setDraft((d) => ({ ...d, goals: f(d.goals) }));
  const err = (p: string) => fieldMessage(submit.failure, p);
  const setGoal = (i: number, patch: Partial<Goal>) => setGoals((gs) => gs.map((g, j) => (j === i ? { ...g, ...patch } : g)));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body: PlanRequest = {
      ...(summary.trim() ? { summary } : {}),
      goals: goals.map((g) => ({ need: g.need, description: g.description, ...(g.target_date ? { target_date: g.target_date } : {}) })),
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
