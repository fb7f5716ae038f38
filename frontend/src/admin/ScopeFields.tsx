import { useTranslation } from 'react-i18next';
import type { Facility } from '../api/types';
import { Field } from '../forms/Field';
import type { FormFailure } from '../forms/problems';
import { fieldMessage } from '../forms/problems';
import { ROLES, SCOPES, useCountries } from './useAdminData';

export interface ScopeValue {
  role: string;
  scope_kind: string;
  country: string;
  facility_id: string;
}

export function scopeBody(v: ScopeValue) {
  return {
    ...(v.role ? { role: v.role } : {}),
    ...(v.scope_kind ? { scope_kind: v.scope_kind } : {}),
    ...(v.scope_kind === 'country' ? { country: v.country } : {}),
    ...(v.scope_kind === 'facility' ? { facility_id: v.facility_id } : {}),
  };
}

/** Role and scope pickers shared by memberships, API tokens and new users. `roles` are the
 * roles offered (none: no role picker, for a new user's placement); `ownScope` adds an empty
 * choice meaning "my own administrator scope". */
export function ScopeFields({
  v,
  onChange,
  facilities,
  failure,
  roles = ROLES,
  scopeLabel,
  scopeHint,
  ownScope = false,
  scopeKinds = SCOPES,
}: {
  v: ScopeValue;
  onChange(v: ScopeValue): void;
  facilities: Facility[];
  failure: FormFailure | null;
  roles?: readonly string[] | null;
  scopeLabel?: string;
  scopeHint?: string;
  ownScope?: boolean;
  /** The scope kinds offered (a token role may be issued in fewer places). */
  scopeKinds?: readonly string[];
}) {
  const { t } = useTranslation();
  const countries = useCountries();
  const err = (p: string) => fieldMessage(failure, p);
  return (
    <>
      {roles && (
        <Field label={t('admin.role')} error={err('role')}>
          {(p) => (
            <select {...p} className="input" value={v.role} onChange={(e) => onChange({ ...v, role: e.target.value })}>
              <option value="">{t('forms.choose')}</option>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label={scopeLabel ?? t('admin.scopeKind')} hint={scopeHint} error={err('scope_kind')}>
        {(p) => (
          <select {...p} className="input" value={v.scope_kind} onChange={(e) => onChange({ ...v, scope_kind: e.target.value })}>
            {ownScope && <option value="">{t('admin.ownScope')}</option>}
            {!ownScope && !scopeKinds.includes(v.scope_kind) && <option value="">{t('forms.choose')}</option>}
            {scopeKinds.map((s) => (
              <option key={s} value={s}>
                {t(`scopeKind.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {v.scope_kind === 'country' && (
        <Field label={t('admin.country')} error={err('country')}>
          {(p) => (
            <select {...p} className="input" value={v.country} onChange={(e) => onChange({ ...v, country: e.target.value })}>
              <option value="">{t('forms.choose')}</option>
              {countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {`${c.code} — ${c.name}`}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {v.scope_kind === 'facility' && (
        <Field label={t('admin.facility')} error={err('facility_id')}>
          {(p) => (
            <select {...p} className="input" value={v.facility_id} onChange={(e) => onChange({ ...v, facility_id: e.target.value })}>
              <option value="">{t('forms.choose')}</option>
              {facilities.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </>
  );
}
