import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { updateCase, type CaseUpdate } from '../../api/cases';
import { listOffenceCategories } from '../../api/catalogue';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { fieldMessage } from '../../forms/problems';
import { SubmitButton } from '../../forms/SubmitButton';
import { useSubmit } from '../../forms/useSubmit';
import { useLoad } from '../../ui/useLoad';
import { useOrganisation } from '../useOrganisation';
import { useCase } from './CaseContext';
import { Saved } from './Saved';

export const RELEASE_TYPES = ['end_of_sentence', 'parole', 'conditional', 'court_order', 'other'] as const;

/** The case's editable facts (PATCH with If-Match): release dates and type, offence category,
 * and a transfer to another facility of the same country. Only changed fields are sent; an
 * emptied field is sent as null, which clears it. The form starts afresh from each version of
 * the case, so what it compares against is always what the server holds. */
export function DetailsTab() {
  const { c } = useCase();
  // The "saved" notice lives here, outside the form that starts afresh with each version, so
  // the reload that follows a save does not wipe it before it is read.
  const [saved, setSaved] = useState<string | null>(null);
  return <DetailsForm key={c.version} saved={saved} setSaved={setSaved} />;
}

function DetailsForm({ saved, setSaved }: { saved: string | null; setSaved: (m: string | null) => void }) {
  const { t } = useTranslation();
  const { c, etag, reload } = useCase();
  const org = useOrganisation();
  const offences = useLoad((s) => listOffenceCategories(s), []);
  const submit = useSubmit();
  const initial = {
    expected_release_date: c.expected_release_date ?? '',
    actual_release_date: c.actual_release_date ?? '',
    release_type: c.release_type ?? '',
    offence_category: c.offence_category ?? '',
    facility_id: c.facility_id,
  };
  const [v, setV] = useState(initial);
  const set = (k: keyof typeof initial) => (x: string) => setV((o) => ({ ...o, [k]: x }));
  const err = (p: string) => fieldMessage(submit.failure, p);
  const custodial = c.track === 'custodial';
  const releasable = custodial && (c.phase === 'pre_release' || c.phase === 'reintegration');
  const closed = c.phase === 'closed';
  const facilities = org.facilities.filter((f) => f.country === c.country);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const body: CaseUpdate = {};
    for (const k of Object.keys(initial) as (keyof typeof initial)[]) {
      if (v[k] === initial[k]) continue;
      (body as Record<string, string | null>)[k] = v[k] === '' ? null : v[k];
    }
    if (Object.keys(body).length === 0) {
      setSaved(t('details.unchanged'));
      return;
    }
    const res = await submit.run({ ...body }, (b) => updateCase(c.id, etag, b as CaseUpdate));
    if (res) {
      setSaved(t('details.saved'));
      reload();
    }
  }

  return (
    <section aria-labelledby="tab-details" className="tab">
      <h2 id="tab-details">{t('workspace.tab.details')}</h2>
      <Saved message={saved} />
      {closed && <p className="notice">{t('details.closed')}</p>}
      <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="tab-details">
        <FormStatus submit={submit} onReload={() => { submit.reset(); reload(); }} />
        <fieldset className="fieldset" disabled={closed}>
          <legend>{t('details.release')}</legend>
          {!custodial && <p className="field__hint">{t('details.nonCustodial')}</p>}
          <Field label={t('details.expectedRelease')} error={err('expected_release_date')}>
            {(p) => (
              <input {...p} type="date" className="input input--date" disabled={!custodial} value={v.expected_release_date}
                onChange={(e) => set('expected_release_date')(e.target.value)} />
            )}
          </Field>
          <Field label={t('details.actualRelease')} hint={t('details.actualReleaseHint')} error={err('actual_release_date')}>
            {(p) => (
              <input {...p} type="date" className="input input--date" disabled={!releasable} value={v.actual_release_date}
                onChange={(e) => set('actual_release_date')(e.target.value)} />
            )}
          </Field>
          <Field label={t('details.releaseType')} error={err('release_type')}>
            {(p) => (
              <select {...p} className="input" disabled={!custodial} value={v.release_type} onChange={(e) => set('release_type')(e.target.value)}>
                <option value="">{t('forms.notRecorded')}</option>
                {RELEASE_TYPES.map((r) => (
                  <option key={r} value={r}>
                    {t(`releaseType.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>
        <fieldset className="fieldset" disabled={closed}>
          <legend>{t('details.case')}</legend>
          <Field label={t('intake.offence')} error={err('offence_category')}>
            {(p) => (
              <select {...p} className="input" value={v.offence_category} onChange={(e) => set('offence_category')(e.target.value)}>
                <option value="">{t('forms.notRecorded')}</option>
                {(offences.data?.items ?? [])
                  .filter((o) => !o.retired_at || o.code === initial.offence_category)
                  .map((o) => (
                    <option key={o.code} value={o.code}>
                      {`${o.code} — ${o.name}`}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field label={t('details.facility')} hint={t('details.facilityHint')} error={err('facility_id')}>
            {(p) => (
              <select {...p} className="input" value={v.facility_id} onChange={(e) => set('facility_id')(e.target.value)}>
                {facilities.length === 0 && <option value={c.facility_id}>{org.facilityName(c.facility_id)}</option>}
                {facilities.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>
        {!closed && <SubmitButton pending={submit.pending} label={t('details.save')} />}
      </form>
    </section>
  );
}
