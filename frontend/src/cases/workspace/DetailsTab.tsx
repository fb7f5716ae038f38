import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n/labels';
import { updateCase, withdrawConsent } from '../../api/cases';
import { listOffenceCategories } from '../../api/catalogue';
import type { CaseUpdateRequest } from '../../api/types';
import { today } from '../../forms/dates';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { fieldMessage } from '../../forms/problems';
import { SubmitButton } from '../../forms/SubmitButton';
import { useSubmit } from '../../forms/useSubmit';
import { useLoad } from '../../ui/useLoad';
import { useCase } from './CaseContext';
import { Saved } from './Saved';

/** The case's editable facts (PATCH with If-Match): the expected release date and the offence
 * category. The release itself is recorded in Releases, a move to another facility is a
 * transfer. Only changed fields are sent; an emptied field is sent as null, which clears it.
 * The form starts afresh from each version of the case, so what it compares against is always
 * what the server holds. Below it, the legal basis and consent, and the consent withdrawal. */
export function DetailsTab() {
  const { c } = useCase();
  // The "saved" notice lives here, outside the form that starts afresh with each version, so
  // the reload that follows a save does not wipe it before it is read.
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <>
      <DetailsForm key={c.version} saved={saved} setSaved={setSaved} />
      <ConsentSection key={`consent-${c.version}`} setSaved={setSaved} />
    </>
  );
}

function DetailsForm({ saved, setSaved }: { saved: string | null; setSaved: (m: string | null) => void }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const { c, etag, reload } = useCase();
  const offences = useLoad((s) => listOffenceCategories(s), []);
  const submit = useSubmit();
  const initial = {
    expected_release_date: c.expected_release_date ?? '',
    offence_category: c.offence_category ?? '',
  };
  const [v, setV] = useState(initial);
  const set = (k: keyof typeof initial) => (x: string) => setV((o) => ({ ...o, [k]: x }));
  const err = (p: string) => fieldMessage(submit.failure, p);
  const custodial = c.track === 'custodial';
  const closed = c.phase === 'closed';

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const body: CaseUpdateRequest = {};
    for (const k of Object.keys(initial) as (keyof typeof initial)[]) {
      if (v[k] === initial[k]) continue;
      (body as Record<string, string | null>)[k] = v[k] === '' ? null : v[k];
    }
    if (Object.keys(body).length === 0) {
      setSaved(t('details.unchanged'));
      return;
    }
    const res = await submit.run({ ...body }, (b) => updateCase(c.id, etag, b as CaseUpdateRequest));
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
          <Field label={t('details.expectedRelease')} hint={custodial ? t('details.releasesHint') : undefined} error={err('expected_release_date')}>
            {(p) => (
              <input {...p} type="date" className="input input--date" disabled={!custodial} value={v.expected_release_date}
                onChange={(e) => set('expected_release_date')(e.target.value)} />
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
                      {`${o.code} — ${label('offence', o.code, o.name)}`}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <p className="field__hint">{t('details.facilityHint')}</p>
        </fieldset>
        {!closed && <SubmitButton pending={submit.pending} label={t('details.save')} />}
      </form>
    </section>
  );
}

/** The legal basis and consent, and the record of a consent withdrawal: on a voluntary basis
 * it asks for the case to close as withdrawn; on a mandated basis the case goes on. */
function ConsentSection({ setSaved }: { setSaved: (m: string | null) => void }) {
  const { t } = useTranslation();
  const { c, etag, reload } = useCase();
  const submit = useSubmit();
  const [on, setOn] = useState(today());
  const [reason, setReason] = useState('');
  const voluntary = c.legal_basis === 'voluntary';
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const res = await submit.run({ withdrawn_on: on, reason: reason.trim() }, (b, key) =>
      withdrawConsent(c.id, etag, b as { withdrawn_on: string; reason: string }, key),
    );
    if (res) {
      setSaved(res.data.closure_request ? t('consent.withdrawnClosure') : t('consent.withdrawnGoesOn'));
      reload();
    }
  }
  return (
    <section aria-labelledby="consent-title" className="tab">
      <h3 id="consent-title">{t('consent.title')}</h3>
      <dl className="facts" data-testid="consent-facts">
        <div>
          <dt>{t('intake.legalBasis')}</dt>
          <dd>{t(`legalBasis.${c.legal_basis}`)}</dd>
        </div>
        <div>
          <dt>{t('consent.state')}</dt>
          <dd>
            {c.consent_withdrawn_on
              ? t('consent.withdrawnOn', { on: c.consent_withdrawn_on })
              : c.consent_given
                ? t('consent.givenOn', { on: c.consent_date ?? '—' })
                : t('consent.none')}
          </dd>
        </div>
      </dl>
      {c.phase !== 'closed' && c.consent_given && !c.consent_withdrawn_on && (
        <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="consent-form-title">
          <h4 id="consent-form-title">{t('consent.withdraw')}</h4>
          <p className="field__hint">{voluntary ? t('consent.voluntaryHint') : t('consent.mandatedHint')}</p>
          <FormStatus submit={submit} onReload={() => { submit.reset(); reload(); }} />
          <Field label={t('consent.withdrawnDate')} error={fieldMessage(submit.failure, 'withdrawn_on')}>
            {(p) => <input {...p} type="date" className="input input--date" value={on} onChange={(e) => setOn(e.target.value)} />}
          </Field>
          <Field label={t('consent.reason')} hint={t('forms.noIdentifiersHint')} error={fieldMessage(submit.failure, 'reason')}>
            {(p) => <textarea {...p} className="input" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <SubmitButton pending={submit.pending} label={t('consent.save')} />
        </form>
      )}
    </section>
  );
}
