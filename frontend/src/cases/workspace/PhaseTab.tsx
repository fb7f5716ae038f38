import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listTransitions, requestTransition } from '../../api/cases';
import { listClosureReasons } from '../../api/catalogue';
import type { Phase, RecallReason } from '../../api/types';
import { today } from '../../forms/dates';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { fieldMessage, type Message } from '../../forms/problems';
import { useSubmit } from '../../forms/useSubmit';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { NEXT } from '../phases';
import { translatedOr } from '../../i18n/labels';
import { useCase } from './CaseContext';
import { Saved } from './Saved';

/** Guard problems about other records, and the section of the case where each is put right. */
const GUARD_SECTION: Record<string, string> = {
  baseline_assessment: 'assessments',
  assessment: 'assessments',
  plan: 'plans',
  expected_release_date: 'details',
  actual_release_date: 'releases',
  reintegration_plan: 'reintegration',
};

const RECALL_REASONS: RecallReason[] = ['breach_of_conditions', 'new_offence', 'other'];
const RECALL_OUTCOMES = ['returned_to_custody', 'remanded', 'new_sentence', 'other'];

/** Reasons the guards and lifecycle give, explained in the user's language (others are shown
 * as the server words them). */
const KNOWN = new Set([
  'baseline_assessment.missing', 'plan.missing', 'expected_release_date.missing', 'assessment.missing',
  'assessment.review_overdue', 'reintegration_plan.not_approved', 'actual_release_date.missing',
  'actual_release_date.in_future', 'closure_reason.required', 'closure_reason.not_completed',
  'closure_reason.aftercare_not_done', 'reason.required', 'to.not_allowed', 'to.not_for_track',
  'actual_release_date.recorded', 'recall.required',
]);

/** The phase history and a request to move the case on (or back, or to close it). */
export function PhaseTab() {
  const { t } = useTranslation();
  const { c, etag, reload } = useCase();
  const history = useLoad((s) => listTransitions(c.id, s), [c.id, c.version]);
  const reasons = useLoad((s) => listClosureReasons(s), []);
  const submit = useSubmit();
  const [to, setTo] = useState<Phase | ''>('');
  const [reason, setReason] = useState('');
  const [closure, setClosure] = useState('');
  const [recallOn, setRecallOn] = useState(today());
  const [recallReason, setRecallReason] = useState<RecallReason | ''>('');
  const [recallOutcome, setRecallOutcome] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const err = (p: string): Message | undefined => {
    const reason = submit.failure?.reasons[p];
    return reason && KNOWN.has(`${p}.${reason}`) ? { key: `guard.${p}.${reason}` } : fieldMessage(submit.failure, p);
  };
  const guards = Object.keys(submit.failure?.fields ?? {}).filter((f) => GUARD_SECTION[f]);
  const recall = c.phase === 'reintegration' && to === 'intervention';
  const back = c.phase === 'pre_release' && to === 'intervention';
  // Leaving reintegration by recall (back to intervention, or closed on a new offence or
  // recall) records the recall on the release: when, why, and what followed if known.
  const recallFacts = recall || (c.phase === 'reintegration' && to === 'closed' && closure === 'reoffended_recalled');
  const early = to === 'closed' && closure !== '' && closure !== 'completed';
  const reasonNeeded = recall || back || early;
  // A forward change is allowed by facts its guard checks; a reason is not required but the
  // supervisor reads it beside those facts ("why now").
  const forward = !reasonNeeded && to !== '' && to !== 'closed';
  const pending = history.data?.items.find((x) => x.status === 'pending');

  // A request goes out only through the confirmation below, never on Enter in a field.
  const onSubmit = (e: FormEvent) => e.preventDefault();
  async function send() {
    setSaved(null);
    const body = {
      to,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(to === 'closed' && closure ? { closure_reason: closure } : {}),
      ...(recallFacts
        ? { recall: { on: recallOn, reason: recallReason, ...(recallOutcome ? { outcome: recallOutcome } : {}) } }
        : {}),
    };
    const res = await submit.run(body, (b, key) => requestTransition(c.id, etag, b as { to: Phase }, key));
    if (!res) return;
    setSaved(res.status === 202 ? t('phaseChange.sentForApproval', { phase: t(`phase.${to}`) }) : t('phaseChange.applied', { phase: t(`phase.${to}`) }));
    setTo('');
    setReason('');
    setClosure('');
    setRecallReason('');
    setRecallOutcome('');
    reload();
  }

  return (
    <section aria-labelledby="tab-phase" className="tab">
      <h2 id="tab-phase">{t('workspace.tab.phase')}</h2>
      <Saved message={saved} />
      <LoadState loading={history.loading && !history.data} error={history.error} onRetry={history.reload} />
      {history.data && history.data.items.length > 0 && (
        <table className="table" data-testid="transitions">
          <caption className="visually-hidden">{t('phaseChange.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('phaseChange.requestedAt')}</th>
              <th scope="col">{t('phaseChange.from')}</th>
              <th scope="col">{t('phaseChange.to')}</th>
              <th scope="col">{t('phaseChange.status')}</th>
              <th scope="col">{t('phaseChange.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {history.data.items.map((x) => (
              <tr key={x.id}>
                <td>{x.requested_at.slice(0, 10)}</td>
                <td>{t(`phase.${x.from}`)}</td>
                <td>{t(`phase.${x.to}`)}</td>
                <td>{t(`requestStatus.${x.status}`)}</td>
                <td>
                  {[
                    x.reason,
                    x.recall &&
                      t('phaseChange.recallSummary', { on: x.recall.on, reason: t(`recallReason.${x.recall.reason}`) }),
                    x.comment,
                  ]
                    .filter(Boolean)
                    .join(' — ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pending && <p className="notice">{t('phaseChange.pending', { phase: t(`phase.${pending.to}`) })}</p>}
      {NEXT[c.phase].length > 0 && (
        <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="phase-form-title">
          <h3 id="phase-form-title">{t('phaseChange.request')}</h3>
          <FormStatus submit={submit} onReload={() => { submit.reset(); reload(); }} />
          <Field label={t('phaseChange.to')} error={err('to') ?? (guards.length ? { key: 'phaseChange.guardsUnmet' } : undefined)}>
            {(p) => (
              <select {...p} className="input" value={to} onChange={(e) => setTo(e.target.value as Phase)}>
                <option value="">{t('forms.choose')}</option>
                {NEXT[c.phase].map((ph) => (
                  <option key={ph} value={ph}>
                    {c.phase === 'reintegration' && ph === 'intervention'
                      ? t('phaseChange.recall')
                      : c.phase === 'pre_release' && ph === 'intervention'
                        ? t('phaseChange.back')
                        : t(`phase.${ph}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {guards.length > 0 && (
            <ul className="guard-list" data-testid="guards" aria-label={t('phaseChange.guardsUnmet')}>
              {guards.map((f) => {
                const m = err(f)!;
                return (
                  <li key={f}>
                    {t(m.key, m.values ?? {})}{' '}
                    <Link to={`/cases/${encodeURIComponent(c.id)}/${GUARD_SECTION[f]}`}>
                      {t('phaseChange.goTo', { section: t(`workspace.tab.${GUARD_SECTION[f]}`) })}
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
          {to === 'closed' && (
            <Field
              label={t('phaseChange.closureReason')}
              hint={closure === 'completed' ? t('phaseChange.completedHint') : undefined}
              error={err('closure_reason')}
            >
              {(p) => (
                <select {...p} className="input" value={closure} onChange={(e) => setClosure(e.target.value)}>
                  <option value="">{t('forms.choose')}</option>
                  {(reasons.data?.items ?? []).filter((r) => !r.retired_at).map((r) => (
                    <option key={r.code} value={r.code}>
                      {translatedOr(t, `closure.${r.code}`, r.name)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {recallFacts && (
            <fieldset className="fieldset">
              <legend>{t('phaseChange.recallFacts')}</legend>
              {err('recall') && <p className="field__error">{t(err('recall')!.key, err('recall')!.values ?? {})}</p>}
              <Field label={t('phaseChange.recallOn')} error={err('recall.on')}>
                {(p) => <input {...p} type="date" className="input input--date" value={recallOn} onChange={(e) => setRecallOn(e.target.value)} />}
              </Field>
              <Field label={t('phaseChange.recallReason')} error={err('recall.reason')}>
                {(p) => (
                  <select {...p} className="input" value={recallReason} onChange={(e) => setRecallReason(e.target.value as RecallReason)}>
                    <option value="">{t('forms.choose')}</option>
                    {RECALL_REASONS.map((r) => (
                      <option key={r} value={r}>
                        {t(`recallReason.${r}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('phaseChange.recallOutcome')} hint={t('phaseChange.recallOutcomeHint')} error={err('recall.outcome')}>
                {(p) => (
                  <select {...p} className="input" value={recallOutcome} onChange={(e) => setRecallOutcome(e.target.value)}>
                    <option value="">{t('releases.outcomeUnknown')}</option>
                    {RECALL_OUTCOMES.map((o) => (
                      <option key={o} value={o}>
                        {t(`recallOutcome.${o}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </fieldset>
          )}
          <Field
            label={reasonNeeded ? t('phaseChange.reasonRequired') : forward ? t('phaseChange.whyNow') : t('phaseChange.reason')}
            hint={`${recall ? t('phaseChange.recallHint') + ' ' : back ? t('phaseChange.backHint') + ' ' : early ? t('phaseChange.earlyHint') + ' ' : forward ? t('phaseChange.whyNowHint') + ' ' : ''}${t('forms.noIdentifiersHint')}`}
            error={err('reason')}
          >
            {(p) => <textarea {...p} className="input" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <div className="actions">
            <ConfirmButton
              className="button button--primary"
              label={submit.pending ? t('forms.saving') : t('phaseChange.submit')}
              question={
                to ? t('confirm.requestPhase', { from: t(`phase.${c.phase}`), to: t(`phase.${to}`) }) : t('confirm.requestPhaseBlank')
              }
              action={t('confirm.requestVerb')}
              disabled={submit.pending}
              onConfirm={() => void send()}
            />
          </div>
        </form>
      )}
    </section>
  );
}
