import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createToken, type IssuedToken, type TokenRequest } from '../api/admin';
import { Field, FieldSet } from '../forms/Field';
import { FormStatus } from '../forms/FormStatus';
import { fieldMessage } from '../forms/problems';
import { SubmitButton } from '../forms/SubmitButton';
import { useSubmit } from '../forms/useSubmit';
import { ScopeFields, scopeBody, type ScopeValue } from './ScopeFields';
import { useFacilitiesAndProgrammes } from './useAdminData';

const OBJECTS = ['statistics', 'cases', 'case_records', 'catalogue', 'organisation', 'audit'];

/** API tokens for machine clients. The secret is shown once, here, and never again. */
export function TokenSection() {
  const { t } = useTranslation();
  const org = useFacilitiesAndProgrammes();
  const submit = useSubmit();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ScopeValue>({ role: 'national_authority', scope_kind: 'country', country: '', facility_id: '' });
  const [routes, setRoutes] = useState<string[]>(['statistics']);
  const [days, setDays] = useState('90');
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [copied, setCopied] = useState(false);
  const secretRef = useRef<HTMLDivElement>(null);
  const err = (p: string) => fieldMessage(submit.failure, p);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setIssued(null);
    setCopied(false);
    const body = { name, routes, ...scopeBody(scope), ...(days ? { expires_in_days: Number(days) } : {}) };
    const ok = await submit.run(body, (b) => createToken(b as unknown as TokenRequest));
    if (ok) {
      setIssued(ok);
      setTimeout(() => secretRef.current?.focus(), 0);
    }
  }

  return (
    <section aria-labelledby="admin-tokens" className="card">
      <h2 id="admin-tokens">{t('admin.tokens')}</h2>
      {issued && (
        <div ref={secretRef} tabIndex={-1} className="secret" role="region" aria-label={t('admin.tokenIssued')}>
          <p className="form-error">{t('admin.tokenWarning')}</p>
          <p>
            <code data-testid="token-secret">{issued.token}</code>
          </p>
          <button
            type="button"
            className="button"
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(issued.token);
                setCopied(true);
              } catch {
                setCopied(false);
              }
            }}
          >
            {t('admin.copy')}
          </button>
          <span role="status">{copied ? ` ${t('admin.copied')}` : ''}</span>
          <p className="muted">{t('admin.tokenExpires', { at: issued.expires_at.slice(0, 10) })}</p>
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit} aria-labelledby="admin-tokens">
        <FormStatus submit={submit} />
        <Field label={t('admin.tokenName')} error={err('name')}>
          {(p) => <input {...p} className="input" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <ScopeFields v={scope} onChange={setScope} facilities={org.facilities} failure={submit.failure} />
        <FieldSet legend={t('admin.tokenRoutes')} error={err('routes')}>
          {OBJECTS.map((o) => (
            <div key={o} className="checkbox">
              <input
                id={`route-${o}`}
                type="checkbox"
                checked={routes.includes(o)}
                onChange={(e) => setRoutes((r) => (e.target.checked ? [...r, o] : r.filter((x) => x !== o)))}
              />
              <label htmlFor={`route-${o}`}>{o}</label>
            </div>
          ))}
        </FieldSet>
        <Field label={t('admin.tokenDays')} error={err('expires_in_days')}>
          {(p) => <input {...p} className="input input--short" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value.replace(/\D/g, ''))} />}
        </Field>
        <SubmitButton pending={submit.pending} label={t('admin.issueToken')} />
      </form>
    </section>
  );
}
