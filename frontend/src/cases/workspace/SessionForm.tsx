import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createSession } from '../../api/records';
import type { SessionRequest } from '../../api/types';
import { today } from '../../forms/dates';
import { useDraft } from '../../forms/drafts';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { fieldMessage } from '../../forms/problems';
import { SubmitButton } from '../../forms/SubmitButton';
import { SessionFields } from '../../sessions/SessionFields';
import { useSubmit } from '../../forms/useSubmit';
import { useInterventionTypes } from './useCatalogue';
import { notANumber, wholeNumber } from '../../forms/numbers';

const FORMATS = ['individual', 'group', 'family'];
export const ATTENDANCE = ['attended', 'late', 'excused_absence', 'unexcused_absence', 'refused'];

/** onSubmit is told when a save begins, so whoever shows the previous outcome ("Session
 * recorded.") withdraws it: one outcome at a time, never a success above a refusal. */
export function SessionForm({ caseId, onSaved, onSubmit: started }: { caseId: string; onSaved(): void; onSubmit?(): void }) {
  const { t } = useTranslation();
  const types = useInterventionTypes();
  const submit = useSubmit();
  const blank = { intervention_type: '', held_on: today(), minutes: '60', format: 'individual', attendance: 'attended', engagement: '', notes: '' };
  // Kept through a session that ends mid-form (forms/drafts.ts).
  const [v, setV, discardDraft] = useDraft(`session.${caseId}`, blank);
  const set = (k: keyof typeof blank) => (x: string) => setV((o) => ({ ...o, [k]: x }));
  const err = (p: string) => fieldMessage(submit.failure, p);
  const present = v.attendance === 'attended' || v.attendance === 'late';

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    started?.();
    // Digits of any script are read as numbers (an Arabic keyboard types ٤٥); other text is
    // named as not a number here, not sent as nothing and called missing (trial 17, M1).
    const minutes = wholeNumber(v.minutes);
    if (minutes === null) {
      submit.setFailure(notANumber('minutes'));
      return;
    }
    const body: SessionRequest = {
      intervention_type: v.intervention_type,
      held_on: v.held_on,
      minutes: minutes ?? 0,
      format: v.format as SessionRequest['format'],
      attendance: v.attendance as SessionRequest['attendance'],
      ...(present && v.engagement ? { engagement: Number(v.engagement) } : {}),
      ...(v.notes.trim() ? { notes: v.notes } : {}),
    };
    const ok = await submit.run({ ...body }, (b, key) => createSession(caseId, b as unknown as SessionRequest, key));
    if (ok) {
      discardDraft();
      onSaved();
    }
  }

  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="session-form-title">
      <h3 id="session-form-title">{t('sessions.record')}</h3>
      <FormStatus submit={submit} />
      <SessionFields v={v} set={set} err={err} types={types} formats={FORMATS} />
      <Field label={t('sessions.attendance')} error={err('attendance')}>
        {(p) => (
          <select {...p} className="input" value={v.attendance} onChange={(e) => set('attendance')(e.target.value)}>
            {ATTENDANCE.map((x) => (
              <option key={x} value={x}>
                {t(`attendance.${x}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {present && (
        <Field label={t('sessions.engagement')} hint={t('sessions.engagementHint')} error={err('engagement')}>
          {(p) => (
            <select {...p} className="input" value={v.engagement} onChange={(e) => set('engagement')(e.target.value)}>
              <option value="">{t('forms.notRecorded')}</option>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {t(`engagement.${n}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label={t('sessions.notes')} hint={t('forms.noIdentifiersHint')} error={err('notes')}>
        {(p) => <textarea {...p} className="input" rows={4} value={v.notes} onChange={(e) => set('notes')(e.target.value)} />}
      </Field>
      <SubmitButton pending={submit.pending} label={t('sessions.save')} />
    </form>
  );
}
