import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createFacility, createProgramme, listFacilitiesAll, listProgrammesAll, updateFacility, updateProgramme } from '../api/admin';
import type { Facility, FacilityPatch, FacilityRequest, Programme, ProgrammePatch } from '../api/types';
import { Field, FieldSet } from '../forms/Field';
import { FormStatus } from '../forms/FormStatus';
import { fieldMessage } from '../forms/problems';
import { SubmitButton } from '../forms/SubmitButton';
import { useSubmit } from '../forms/useSubmit';
import { LoadState } from '../ui/LoadState';
import { useLoad } from '../ui/useLoad';
import { formatInstant } from './SecretNotice';
import { useCountries } from './useAdminData';

/** Facilities and programmes in the administrator's scope, retired ones included, each
 * editable in place; the country is shown but never changed (cases move by transfer). */
export function OrganisationSection() {
  const { t, i18n } = useTranslation();
  const org = useLoad(async (s) => {
    const [f, p] = await Promise.all([listFacilitiesAll(s), listProgrammesAll(s)]);
    return { facilities: f.items, programmes: p.items };
  }, []);
  const [saved, setSaved] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ kind: 'facility'; item: Facility } | { kind: 'programme'; item: Programme } | null>(null);
  const done = (msg: string) => {
    setSaved(msg);
    setEditing(null);
    org.reload();
  };
  const status = (retiredAt?: string) => (retiredAt ? t('admin.retiredOn', { at: formatInstant(retiredAt, i18n.language) }) : t('admin.inUse'));
  const facilities = org.data?.facilities ?? [];
  const programmes = org.data?.programmes ?? [];
  return (
    <section aria-labelledby="admin-org" className="card">
      <h2 id="admin-org">{t('admin.tab.organisation')}</h2>
      <p role="status" className={saved ? 'notice' : 'visually-hidden'}>
        {saved ?? ''}
      </p>
      <LoadState loading={org.loading && !org.data} error={org.error} onRetry={org.reload} />
      <h3>{t('admin.facilities')}</h3>
      <div className="table-scroll">
        <table className="table" data-testid="facilities">
          <caption className="visually-hidden">{t('admin.facilities')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.country')}</th>
              <th scope="col">{t('admin.kind')}</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {facilities.map((f) => (
              <tr key={f.id}>
                <th scope="row">{f.name}</th>
                <td>{f.country}</td>
                <td>{t(`facilityKind.${f.kind}`)}</td>
                <td>{status(f.retired_at)}</td>
                <td>
                  <button type="button" className="button button--small" onClick={() => setEditing({ kind: 'facility', item: f })}>
                    {t('admin.editNamed', { name: f.name })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing?.kind === 'facility' && (
        <FacilityEdit key={editing.item.id} f={editing.item} onCancel={() => setEditing(null)} onDone={(x) => done(t('admin.facilitySaved', { name: x.name }))} />
      )}
      <FacilityForm onDone={(msg) => done(msg)} />
      <h3>{t('admin.programmes')}</h3>
      <div className="table-scroll">
        <table className="table" data-testid="programmes">
          <caption className="visually-hidden">{t('admin.programmes')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.country')}</th>
              <th scope="col">{t('admin.aftercare')}</th>
              <th scope="col">{t('admin.followUpMonths')}</th>
              <th scope="col">{t('admin.status')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {programmes.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                <td>{p.country}</td>
                <td>{p.aftercare_months}</td>
                <td>{(p.follow_up_months ?? []).join(', ')}</td>
                <td>{status(p.retired_at)}</td>
                <td>
                  <button type="button" className="button button--small" onClick={() => setEditing({ kind: 'programme', item: p })}>
                    {t('admin.editNamed', { name: p.name })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing?.kind === 'programme' && (
        <ProgrammeEdit key={editing.item.id} p={editing.item} onCancel={() => setEditing(null)} onDone={(x) => done(t('admin.programmeSaved', { name: x.name }))} />
      )}
      <ProgrammeForm onDone={(msg) => done(msg)} />
    </section>
  );
}

/** Takes focus when it appears, so a keyboard user lands on the form they opened. */
function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

function FacilityEdit({ f, onDone, onCancel }: { f: Facility; onDone(f: Facility): void; onCancel(): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [v, setV] = useState({ name: f.name, kind: f.kind, retired: !!f.retired_at });
  const err = (p: string) => fieldMessage(submit.failure, p);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    // Only what changed is sent: a field left alone is never overwritten.
    const body: FacilityPatch = {
      ...(v.name.trim() !== f.name ? { name: v.name.trim() } : {}),
      ...(v.kind !== f.kind ? { kind: v.kind } : {}),
      ...(v.retired !== !!f.retired_at ? { retired: v.retired } : {}),
    };
    if (Object.keys(body).length === 0) return onCancel();
    const ok = await submit.run(body, (b) => updateFacility(f.id, b as FacilityPatch));
    if (ok) onDone(ok);
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="facility-edit-title">
      <h4 id="facility-edit-title" tabIndex={-1} ref={heading}>
        {t('admin.editFacility', { name: f.name })}
      </h4>
      <p className="muted">{t('admin.countryFixed', { country: f.country })}</p>
      <FormStatus submit={submit} />
      <Field label={t('admin.name')} error={err('name')}>
        {(p) => <input {...p} className="input" value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />}
      </Field>
      <Field label={t('admin.kind')} error={err('kind')}>
        {(p) => (
          <select {...p} className="input" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as Facility['kind'] })}>
            {['prison', 'probation', 'community'].map((k) => (
              <option key={k} value={k}>
                {t(`facilityKind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <RetiredBox checked={v.retired} onChange={(retired) => setV({ ...v, retired })} hint={t('admin.retireFacilityHint')} error={err('retired')} />
      <div className="actions">
        <SubmitButton pending={submit.pending} label={t('admin.save')} />
        <button type="button" className="button" onClick={onCancel}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}

function ProgrammeEdit({ p: g, onDone, onCancel }: { p: Programme; onDone(p: Programme): void; onCancel(): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const months = (g.follow_up_months ?? []).join(', ');
  const [v, setV] = useState({ name: g.name, description: g.description, aftercare: String(g.aftercare_months), months, retired: !!g.retired_at });
  const err = (p: string) => fieldMessage(submit.failure, p);
  const monthsErr = err('follow_up_months') ?? Array.from({ length: 12 }, (_, i) => err(`follow_up_months[${i}]`)).find(Boolean);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const list = v.months
      .split(/[\s,;،]+/)
      .filter(Boolean)
      .map(Number);
    const body: ProgrammePatch = {
      ...(v.name.trim() !== g.name ? { name: v.name.trim() } : {}),
      ...(v.description !== g.description ? { description: v.description } : {}),
      ...(v.aftercare !== String(g.aftercare_months) ? { aftercare_months: Number(v.aftercare) } : {}),
      ...(v.months !== months ? { follow_up_months: list } : {}),
      ...(v.retired !== !!g.retired_at ? { retired: v.retired } : {}),
    };
    if (Object.keys(body).length === 0) return onCancel();
    const ok = await submit.run(body, (b) => updateProgramme(g.id, b as ProgrammePatch));
    if (ok) onDone(ok);
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="programme-edit-title">
      <h4 id="programme-edit-title" tabIndex={-1} ref={heading}>
        {t('admin.editProgramme', { name: g.name })}
      </h4>
      <p className="muted">{t('admin.countryFixed', { country: g.country })}</p>
      <FormStatus submit={submit} />
      <Field label={t('admin.name')} error={err('name')}>
        {(p) => <input {...p} className="input" value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />}
      </Field>
      <Field label={t('admin.description')} error={err('description')}>
        {(p) => <textarea {...p} className="input" rows={2} value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} />}
      </Field>
      <Field label={t('admin.aftercare')} error={err('aftercare_months')}>
        {(p) => <input {...p} className="input input--short" inputMode="numeric" value={v.aftercare} onChange={(e) => setV({ ...v, aftercare: e.target.value.replace(/\D/g, '') })} />}
      </Field>
      <Field label={t('admin.followUpMonths')} hint={t('admin.followUpMonthsHint')} error={monthsErr}>
        {(p) => <input {...p} className="input" value={v.months} onChange={(e) => setV({ ...v, months: e.target.value })} />}
      </Field>
      <RetiredBox checked={v.retired} onChange={(retired) => setV({ ...v, retired })} hint={t('admin.retireProgrammeHint')} error={err('retired')} />
      <div className="actions">
        <SubmitButton pending={submit.pending} label={t('admin.save')} />
        <button type="button" className="button" onClick={onCancel}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}

function RetiredBox({ checked, onChange, hint, error }: { checked: boolean; onChange(v: boolean): void; hint: string; error: ReturnType<typeof fieldMessage> }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <FieldSet legend={t('admin.retirement')} error={error}>
      <p className="field__hint" id={`${id}-hint`}>
        {hint}
      </p>
      <div className="checkbox">
        <input id={id} type="checkbox" checked={checked} aria-describedby={`${id}-hint`} onChange={(e) => onChange(e.target.checked)} />
        <label htmlFor={id}>{t('admin.retired')}</label>
      </div>
    </FieldSet>
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
