import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createFacility, createProgramme } from '../api/admin';
import type { FacilityRequest } from '../api/types';
import { Field } from '../forms/Field';
import { FormStatus } from '../forms/FormStatus';
import { fieldMessage } from '../forms/problems';
import { SubmitButton } from '../forms/SubmitButton';
import { useSubmit } from '../forms/useSubmit';
import { LoadState } from '../ui/LoadState';
import { useCountries, useFacilitiesAndProgrammes } from './useAdminData';

export function OrganisationSection() {
  const { t } = useTranslation();
  const org = useFacilitiesAndProgrammes();
  const [saved, setSaved] = useState<string | null>(null);
  const done = (msg: string) => {
    setSaved(msg);
    org.reload();
  };
  return (
    <section aria-labelledby="admin-org" className="card">
      <h2 id="admin-org">{t('admin.organisation')}</h2>
      <p role="status" className={saved ? 'notice' : 'visually-hidden'}>
        {saved ?? ''}
      </p>
      <LoadState loading={org.loading && !org.data} error={org.error} onRetry={org.reload} />
      <h3>{t('admin.facilities')}</h3>
      <table className="table" data-testid="facilities">
        <caption className="visually-hidden">{t('admin.facilities')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('admin.country')}</th>
            <th scope="col">{t('admin.kind')}</th>
          </tr>
        </thead>
        <tbody>
          {org.facilities.map((f) => (
            <tr key={f.id}>
              <th scope="row">{f.name}</th>
              <td>{f.country}</td>
              <td>{t(`facilityKind.${f.kind}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <FacilityForm onDone={done} />
      <h3>{t('admin.programmes')}</h3>
      <table className="table" data-testid="programmes">
        <caption className="visually-hidden">{t('admin.programmes')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('admin.country')}</th>
            <th scope="col">{t('admin.aftercare')}</th>
          </tr>
        </thead>
        <tbody>
          {org.programmes.map((p) => (
            <tr key={p.id}>
              <th scope="row">{p.name}</th>
              <td>{p.country}</td>
              <td>{p.aftercare_months}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ProgrammeForm onDone={done} />
    </section>
  );
}

function CountrySelect({ value, onChange, error }: { value: string; onChange(v: string): void; error: ReturnType<typeof fieldMessage> }) {
  const { t } = useTranslation();
  const countries = useCountries();
  return (
    <Field label={t('admin.country')} error={error}>
      {(p) => (
        <select {...p} className="input" value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('forms.choose')}</option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {`${c.code} — ${c.name}`}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function FacilityForm({ onDone }: { onDone(msg: string): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [v, setV] = useState({ country: '', name: '', kind: 'prison' });
  const err = (p: string) => fieldMessage(submit.failure, p);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const ok = await submit.run({ ...v }, (b) => createFacility(b as FacilityRequest));
    if (ok) {
      setV({ country: '', name: '', kind: 'prison' });
      onDone(t('admin.facilityCreated', { name: ok.name }));
    }
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="facility-title">
      <h4 id="facility-title">{t('admin.addFacility')}</h4>
      <FormStatus submit={submit} />
      <CountrySelect value={v.country} onChange={(country) => setV({ ...v, country })} error={err('country')} />
      <Field label={t('admin.name')} error={err('name')}>
        {(p) => <input {...p} className="input" value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />}
      </Field>
      <Field label={t('admin.kind')} error={err('kind')}>
        {(p) => (
          <select {...p} className="input" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value })}>
            {['prison', 'probation', 'community'].map((k) => (
              <option key={k} value={k}>
                {t(`facilityKind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <SubmitButton pending={submit.pending} label={t('admin.addFacility')} />
    </form>
  );
}

function ProgrammeForm({ onDone }: { onDone(msg: string): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const blank = { country: '', name: '', description: '', aftercare_months: '12' };
  const [v, setV] = useState(blank);
  const err = (p: string) => fieldMessage(submit.failure, p);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body = { country: v.country, name: v.name, ...(v.description ? { description: v.description } : {}), aftercare_months: Number(v.aftercare_months) || 0 };
    const ok = await submit.run(body, (b) => createProgramme(b as typeof body));
    if (ok) {
      setV(blank);
      onDone(t('admin.programmeCreated', { name: ok.name }));
    }
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="programme-title">
      <h4 id="programme-title">{t('admin.addProgramme')}</h4>
      <FormStatus submit={submit} />
      <CountrySelect value={v.country} onChange={(country) => setV({ ...v, country })} error={err('country')} />
      <Field label={t('admin.name')} error={err('name')}>
        {(p) => <input {...p} className="input" value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />}
      </Field>
      <Field label={t('admin.description')} error={err('description')}>
        {(p) => <textarea {...p} className="input" rows={2} value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} />}
      </Field>
      <Field label={t('admin.aftercare')} error={err('aftercare_months')}>
        {(p) => <input {...p} className="input input--short" inputMode="numeric" value={v.aftercare_months} onChange={(e) => setV({ ...v, aftercare_months: e.target.value.replace(/\D/g, '') })} />}
      </Field>
      <SubmitButton pending={submit.pending} label={t('admin.addProgramme')} />
    </form>
  );
}
