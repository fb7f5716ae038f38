import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { lookupParticipants } from '../api/cases';
import type { ParticipantMatch } from '../api/types';
import { Field } from '../forms/Field';
import { FormStatus } from '../forms/FormStatus';
import { fieldMessage } from '../forms/problems';
import { SubmitButton } from '../forms/SubmitButton';
import { useSubmit } from '../forms/useSubmit';
import { useOrganisation } from './useOrganisation';

/** Re-entry at intake: finds a person already known in the user's scope by their external
 * reference or pseudonym, and offers to open the new case for them. The reference is sent
 * once and never kept in the page. */
export function ReentryLookup({ onChoose }: { onChoose(m: ParticipantMatch): void }) {
  const { t } = useTranslation();
  const org = useOrganisation();
  const submit = useSubmit();
  const [by, setBy] = useState<'external_ref' | 'pseudonym'>('external_ref');
  const [value, setValue] = useState('');
  const [found, setFound] = useState<ParticipantMatch[] | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFound(null);
    const res = await submit.run({ [by]: value.trim() }, (b) => lookupParticipants(b as { external_ref?: string; pseudonym?: string }));
    if (res) {
      setFound(res.items);
      if (by === 'external_ref') setValue('');
    }
  }

  return (
    <section className="card" aria-labelledby="reentry-title">
      <h2 id="reentry-title">{t('reentry.title')}</h2>
      <p className="field__hint">{t('reentry.intro')}</p>
      <form className="form" noValidate onSubmit={onSubmit} aria-labelledby="reentry-title">
        {(submit.failure || submit.flagged.length > 0) && <FormStatus submit={submit} />}
        <Field label={t('reentry.by')}>
          {(p) => (
            <select {...p} className="input" value={by} onChange={(e) => setBy(e.target.value as typeof by)}>
              <option value="external_ref">{t('reentry.byRef')}</option>
              <option value="pseudonym">{t('reentry.byPseudonym')}</option>
            </select>
          )}
        </Field>
        <Field label={t('reentry.value')} error={fieldMessage(submit.failure, by)}>
          {(p) => <input {...p} className="input" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />}
        </Field>
        <SubmitButton pending={submit.pending} label={t('reentry.search')} />
      </form>
      {found && found.length === 0 && <p role="status">{t('reentry.none')}</p>}
      {found && found.length > 0 && (
        <ul className="list" data-testid="reentry-matches" aria-label={t('reentry.matches')}>
          {found.map((m) => (
            <li key={m.id} className="card">
              <p>
                <strong>{m.pseudonym}</strong> — {m.birth_year}, {t(`gender.${m.gender}`)}, {m.nationality}
              </p>
              <ul>
                {m.episodes.map((e) => (
                  <li key={`${e.opened_on}-${e.facility_id}`}>
                    {t('reentry.episode', {
                      facility: org.facilityName(e.facility_id),
                      opened: e.opened_on,
                      phase: t(`phase.${e.phase}`),
                      closed: e.closed_on ? `${e.closed_on} (${t(`closure.${e.closure_reason ?? 'other'}`, { defaultValue: e.closure_reason ?? '' })})` : '—',
                    })}
                  </li>
                ))}
              </ul>
              {m.open_case ? (
                <p className="notice">{t('reentry.hasOpenCase')}</p>
              ) : (
                <button type="button" className="button" onClick={() => onChoose(m)}>
                  {t('reentry.openFor', { pseudonym: m.pseudonym })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
