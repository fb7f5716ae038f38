import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../i18n/labels';
import { useNavigate } from 'react-router';
import { createCase } from '../api/cases';
import { listOffenceCategories } from '../api/catalogue';
import type { IntakeRequest, LegalBasis, ParticipantCategory, ParticipantMatch } from '../api/types';
import { today } from '../forms/dates';
import { Field, FieldSet } from '../forms/Field';
import { FormStatus } from '../forms/FormStatus';
import { fieldMessage } from '../forms/problems';
import { SubmitButton } from '../forms/SubmitButton';
import { useSubmit } from '../forms/useSubmit';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { useLoad } from '../ui/useLoad';
import { ReentryLookup } from './ReentryLookup';
import { useOrganisation } from './useOrganisation';

const CATEGORIES: ParticipantCategory[] = [
  'foreign_terrorist_fighter',
  'returnee',
  'juvenile',
  'remand',
  'recidivist',
  'radicalised_in_custody',
];
const GENDERS = ['female', 'male', 'other', 'not_recorded'];
export const LEGAL_BASES: LegalBasis[] = ['voluntary', 'licence_condition', 'court_order', 'administrative_decision'];

interface Values {
  programme_id: string;
  facility_id: string;
  track: 'custodial' | 'non_custodial';
  birth_year: string;
  gender: string;
  nationality: string;
  categories: ParticipantCategory[];
  external_ref: string;
  offence_category: string;
  legal_basis: LegalBasis;
  consent_given: boolean;
  consent_date: string;
  expected_release_date: string;
}

type NewParticipant = NonNullable<IntakeRequest['participant']>;

/** The participant a re-entry opens the case for: from a lookup, or named by a 409. */
interface Known {
  id: string;
  pseudonym: string;
}

/** Intake: a new pseudonymous participant and their case, or a new case for a participant
 * already known (re-entry). No name is ever asked for. */
export function IntakeForm() {
  const { t } = useTranslation();
  const { label } = useLabels();
  useDocumentTitle(t('intake.title'));
  const navigate = useNavigate();
  const org = useOrganisation();
  const offences = useLoad((s) => listOffenceCategories(s), []);
  const submit = useSubmit();
  const [known, setKnown] = useState<Known | null>(null);
  const [v, setV] = useState<Values>({
    programme_id: '',
    facility_id: '',
    track: 'custodial',
    birth_year: '',
    gender: '',
    nationality: '',
    categories: [],
    external_ref: '',
    offence_category: '',
    legal_basis: 'voluntary',
    consent_given: false,
    consent_date: today(),
    expected_release_date: '',
  });
  const set = <K extends keyof Values>(k: K) => (x: Values[K]) => setV((o) => ({ ...o, [k]: x }));
  // Only where the caller works, and only the facilities of the chosen programme's country.
  const programmeCountry = org.myProgrammes.find((x) => x.id === v.programme_id)?.country;
  const offeredFacilities = org.myFacilities.filter((x) => !programmeCountry || x.country === programmeCountry);
  const chooseProgramme = (id: string) => {
    const country = org.myProgrammes.find((x) => x.id === id)?.country;
    // A facility of another country is no longer offered, so it is no longer chosen.
    setV((o) => ({ ...o, programme_id: id, facility_id: country && org.facilityCountry(o.facility_id) !== country ? '' : o.facility_id }));
  };
  const err = (...p: string[]) => fieldMessage(submit.failure, ...p);
  const voluntary = v.legal_basis === 'voluntary';

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body: IntakeRequest = {
      programme_id: v.programme_id,
      facility_id: v.facility_id,
      track: v.track,
      ...(known
        ? { participant_id: known.id }
        : {
            participant: {
              birth_year: Number(v.birth_year) || 0,
              gender: v.gender as NewParticipant['gender'],
              nationality: v.nationality.trim().toUpperCase(),
              categories: v.categories,
              ...(v.external_ref.trim() ? { external_ref: v.external_ref.trim() } : {}),
            },
          }),
      ...(v.offence_category ? { offence_category: v.offence_category } : {}),
      legal_basis: v.legal_basis,
      consent_given: v.consent_given,
      ...(v.consent_given ? { consent_date: v.consent_date } : {}),
      ...(v.track === 'custodial' && v.expected_release_date ? { expected_release_date: v.expected_release_date } : {}),
    };
    const created = await submit.run(body as unknown as Record<string, unknown>, (b, key) =>
      createCase(b as unknown as IntakeRequest, key),
    );
    if (created) navigate(`/cases/${created.id}`, { state: { created: created.pseudonym } });
  }

  const failure = submit.failure;
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('intake.title')}</h1>
      <p>{t('intake.intro')}</p>
      {!known && (
        <ReentryLookup
          onChoose={(m: ParticipantMatch) => {
            setKnown({ id: m.id, pseudonym: m.pseudonym });
            submit.reset();
          }}
        />
      )}
      <FormStatus submit={submit} />
      {failure?.participantId && !known && (
        <p>
          <button
            type="button"
            className="button"
            onClick={() => {
              setKnown({ id: failure.participantId!, pseudonym: failure.pseudonym ?? '' });
              submit.reset();
            }}
          >
            {t('reentry.openFor', { pseudonym: failure.pseudonym ?? '' })}
          </button>
        </p>
      )}
      <form className="form" noValidate onSubmit={onSubmit} aria-label={t('intake.title')}>
        {known && (
          <div className="notice" data-testid="reentry-of">
            <p>{t('reentry.chosen', { pseudonym: known.pseudonym })}</p>
            <button type="button" className="button button--small" onClick={() => setKnown(null)}>
              {t('reentry.cancel')}
            </button>
          </div>
        )}
        <Field label={t('cases.programme')} error={err('programme_id')}>
          {(p) => (
            <select {...p} className="input" value={v.programme_id} onChange={(e) => chooseProgramme(e.target.value)}>
              <option value="">{t('forms.choose')}</option>
              {org.myProgrammes.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cases.facility')} error={err('facility_id')}>
          {(p) => (
            <select {...p} className="input" value={v.facility_id} onChange={(e) => set('facility_id')(e.target.value)}>
              <option value="">{t('forms.choose')}</option>
              {offeredFacilities.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cases.track')} error={err('track')}>
          {(p) => (
            <select {...p} className="input" value={v.track} onChange={(e) => set('track')(e.target.value as Values['track'])}>
              <option value="custodial">{t('track.custodial')}</option>
              <option value="non_custodial">{t('track.non_custodial')}</option>
            </select>
          )}
        </Field>
        {known ? (
          <p className="field__hint">{t('reentry.factsKept')}</p>
        ) : (
          <>
            <Field label={t('intake.birthYear')} error={err('participant.birth_year', 'birth_year')}>
              {(p) => (
                <input
                  {...p}
                  className="input input--short"
                  inputMode="numeric"
                  value={v.birth_year}
                  onChange={(e) => set('birth_year')(e.target.value.replace(/\D/g, '').slice(0, 4))}
                />
              )}
            </Field>
            <Field label={t('intake.gender')} error={err('participant.gender', 'gender')}>
              {(p) => (
                <select {...p} className="input" value={v.gender} onChange={(e) => set('gender')(e.target.value)}>
                  <option value="">{t('forms.choose')}</option>
                  {GENDERS.map((g) => (
                    <option key={g} value={g}>
                      {t(`gender.${g}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              label={t('intake.nationality')}
              hint={t('intake.nationalityHint')}
              error={err('participant.nationality', 'nationality')}
            >
              {(p) => (
                <input
                  {...p}
                  className="input input--short"
                  maxLength={2}
                  autoCapitalize="characters"
                  value={v.nationality}
                  onChange={(e) => set('nationality')(e.target.value.toUpperCase())}
                />
              )}
            </Field>
            <FieldSet legend={t('intake.categories')} error={err('participant.categories', 'categories')}>
              {CATEGORIES.map((c) => (
                <div className="checkbox" key={c}>
                  <input
                    id={`cat-${c}`}
                    type="checkbox"
                    checked={v.categories.includes(c)}
                    onChange={(e) =>
                      set('categories')(e.target.checked ? [...v.categories, c] : v.categories.filter((x) => x !== c))
                    }
                  />
                  <label htmlFor={`cat-${c}`}>{t(`category.${c}`)}</label>
                </div>
              ))}
            </FieldSet>
            <Field
              label={t('intake.externalRef')}
              hint={t('intake.externalRefHint')}
              error={err('participant.external_ref', 'external_ref')}
            >
              {(p) => (
                <input
                  {...p}
                  className="input"
                  autoComplete="off"
                  value={v.external_ref}
                  onChange={(e) => set('external_ref')(e.target.value)}
                />
              )}
            </Field>
          </>
        )}
        <Field label={t('intake.offence')} error={err('offence_category')}>
          {(p) => (
            <select {...p} className="input" value={v.offence_category} onChange={(e) => set('offence_category')(e.target.value)}>
              <option value="">{t('forms.notRecorded')}</option>
              {(offences.data?.items ?? [])
                .filter((o) => !o.retired_at)
                .map((o) => (
                  <option key={o.code} value={o.code}>
                    {`${o.code} — ${label('offence', o.code, o.name)}`}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label={t('intake.legalBasis')} hint={t('intake.legalBasisHint')} error={err('legal_basis')}>
          {(p) => (
            <select {...p} className="input" value={v.legal_basis} onChange={(e) => set('legal_basis')(e.target.value as LegalBasis)}>
              {LEGAL_BASES.map((b) => (
                <option key={b} value={b}>
                  {t(`legalBasis.${b}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <FieldSet legend={t('intake.consent')} error={err('consent_given')}>
          <div className="checkbox">
            <input
              id="consent-given"
              type="checkbox"
              checked={v.consent_given}
              onChange={(e) => set('consent_given')(e.target.checked)}
            />
            <label htmlFor="consent-given">{t('intake.consentGiven')}</label>
          </div>
          <p className="field__hint">{voluntary ? t('intake.consentRequired') : t('intake.consentOptional')}</p>
        </FieldSet>
        {v.consent_given && (
          <Field label={t('intake.consentDate')} error={err('consent_date')}>
            {(p) => <input {...p} type="date" className="input input--date" value={v.consent_date} onChange={(e) => set('consent_date')(e.target.value)} />}
          </Field>
        )}
        {v.track === 'custodial' && (
          <Field label={t('intake.expectedRelease')} error={err('expected_release_date')}>
            {(p) => (
              <input
                {...p}
                type="date"
                className="input input--date"
                value={v.expected_release_date}
                onChange={(e) => set('expected_release_date')(e.target.value)}
              />
            )}
          </Field>
        )}
        <SubmitButton pending={submit.pending} label={known ? t('reentry.submit', { pseudonym: known.pseudonym }) : t('intake.submit')} />
      </form>
    </div>
  );
}
