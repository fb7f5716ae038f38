import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createFollowUp, listFollowUps, type FollowUpRequest } from '../../api/records';
import { today } from '../../forms/dates';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { fieldMessage } from '../../forms/problems';
import { SubmitButton } from '../../forms/SubmitButton';
import { useSubmit } from '../../forms/useSubmit';
import { LoadMore } from '../../ui/LoadMore';
import { LoadState } from '../../ui/LoadState';
import { usePaged } from '../../ui/usePaged';
import { useCase } from './CaseContext';
import { Saved } from './Saved';

const CHOICES = {
  housing: ['stable', 'temporary', 'homeless', 'unknown'],
  work_education: ['employed', 'in_education', 'unemployed', 'unable', 'unknown'],
  family_contact: ['regular', 'occasional', 'none', 'unknown'],
  supervision_compliance: ['compliant', 'minor_breach', 'major_breach', 'not_applicable'],
  new_offence: ['none', 'arrest', 'charge', 'conviction'],
} as const;
type Choice = keyof typeof CHOICES;

export function FollowUpsTab() {
  const { t } = useTranslation();
  const { c, reload } = useCase();
  const list = usePaged((cursor, s) => listFollowUps(c.id, cursor, s), `${c.id}:${c.version}`);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <section aria-labelledby="tab-follow-ups" className="tab">
      <h2 id="tab-follow-ups">{t('workspace.tab.follow-ups')}</h2>
      <Saved message={saved} />
      {list.items.length > 0 ? (
        <table className="table" data-testid="follow-ups">
          <caption className="visually-hidden">{t('workspace.tab.follow-ups')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('followUps.date')}</th>
              <th scope="col">{t('followUps.months')}</th>
              {(Object.keys(CHOICES) as Choice[]).map((k) => (
                <th key={k} scope="col">
                  {t(`followUps.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.items.map((f) => (
              <tr key={f.id}>
                <td>{f.held_on}</td>
                <td>{f.months_since_release}</td>
                {(Object.keys(CHOICES) as Choice[]).map((k) => (
                  <td key={k}>{t(`followUpValue.${f[k]}`)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        !list.loading && !list.error && <p>{t('workspace.empty')}</p>
      )}
      <LoadState loading={list.loading && !list.items.length} error={list.error} onRetry={list.reload} />
      <LoadMore cursor={list.cursor} loading={list.loading} onMore={list.loadMore} />
      {c.phase === 'reintegration' ? (
        <FollowUpForm
          caseId={c.id}
          onSaved={() => {
            setSaved(t('followUps.saved'));
            reload();
          }}
        />
      ) : (
        <p className="notice">{t('followUps.onlyAfterRelease')}</p>
      )}
    </section>
  );
}

function FollowUpForm({ caseId, onSaved }: { caseId: string; onSaved(): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const blank = { held_on: today(), housing: 'unknown', work_education: 'unknown', family_contact: 'unknown', supervision_compliance: 'compliant', new_offence: 'none', offence_category: '', offence_on: '', notes: '' };
  const [v, setV] = useState(blank);
  const err = (p: string) => fieldMessage(submit.failure, p);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const offence = v.new_offence !== 'none';
    const body: FollowUpRequest = {
      held_on: v.held_on,
      housing: v.housing,
      work_education: v.work_education,
      family_contact: v.family_contact,
      supervision_compliance: v.supervision_compliance,
      new_offence: v.new_offence,
      ...(offence && v.offence_category ? { offence_category: v.offence_category } : {}),
      ...(offence && v.offence_on ? { offence_on: v.offence_on } : {}),
      ...(v.notes.trim() ? { notes: v.notes } : {}),
    };
    const ok = await submit.run({ ...body }, (b, key) => createFollowUp(caseId, b as unknown as FollowUpRequest, key));
    if (ok) {
      setV(blank);
      onSaved();
    }
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="fu-title">
      <h3 id="fu-title">{t('followUps.record')}</h3>
      <FormStatus submit={submit} />
      <Field label={t('followUps.date')} error={err('held_on')}>
        {(p) => <input {...p} type="date" className="input input--date" value={v.held_on} onChange={(e) => setV({ ...v, held_on: e.target.value })} />}
      </Field>
      {(Object.keys(CHOICES) as Choice[]).map((k) => (
        <Field key={k} label={t(`followUps.${k}`)} error={err(k)}>
          {(p) => (
            <select {...p} className="input" value={v[k]} onChange={(e) => setV({ ...v, [k]: e.target.value })}>
              {CHOICES[k].map((o) => (
                <option key={o} value={o}>
                  {t(`followUpValue.${o}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ))}
      {v.new_offence !== 'none' && (
        <>
          <Field label={t('followUps.offenceCategory')} hint={t('followUps.offenceCategoryHint')} error={err('offence_category')}>
            {(p) => <input {...p} className="input input--short" value={v.offence_category} onChange={(e) => setV({ ...v, offence_category: e.target.value })} />}
          </Field>
          <Field label={t('followUps.offenceOn')} error={err('offence_on')}>
            {(p) => <input {...p} type="date" className="input input--date" value={v.offence_on} onChange={(e) => setV({ ...v, offence_on: e.target.value })} />}
          </Field>
        </>
      )}
      <Field label={t('followUps.notes')} hint={t('forms.noIdentifiersHint')} error={err('notes')}>
        {(p) => <textarea {...p} className="input" rows={3} value={v.notes} onChange={(e) => setV({ ...v, notes: e.target.value })} />}
      </Field>
      <SubmitButton pending={submit.pending} label={t('followUps.save')} />
    </form>
  );
}
