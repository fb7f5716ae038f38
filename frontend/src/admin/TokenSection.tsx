import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createToken, listTokens, revokeToken, type IssuedToken } from '../api/admin';
import type { Token, TokenRequest } from '../api/types';
import { Field, FieldSet } from '../forms/Field';
import { FormStatus } from '../forms/FormStatus';
import { fieldMessage } from '../forms/problems';
import { SubmitButton } from '../forms/SubmitButton';
import { useSubmit } from '../forms/useSubmit';
import { ConfirmButton } from '../ui/ConfirmButton';
import { LoadState } from '../ui/LoadState';
import { useLoad } from '../ui/useLoad';
import { ScopeFields, scopeBody, type ScopeValue } from './ScopeFields';
import { SecretNotice, formatInstant } from './SecretNotice';
import { SCOPES, useFacilitiesAndProgrammes } from './useAdminData';

/** API tokens for machine clients: the ones in the administrator's scope, and a form to
 * issue one. A secret is shown once, here, and never again. */
export function TokenSection({ version, onRequested }: { version: number; onRequested(): void }) {
  const { t, i18n } = useTranslation();
  const org = useFacilitiesAndProgrammes();
  const tokens = useLoad((s) => listTokens(s), [version]);
  const submit = useSubmit();
  const action = useSubmit();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ScopeValue>({ role: '', scope_kind: '', country: '', facility_id: '' });
  const [routes, setRoutes] = useState<string[]>(['statistics']);
  const [days, setDays] = useState('90');
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const err = (p: string) => fieldMessage(submit.failure, p);
  // What the server says this administrator may issue: the roles, where, and what each may
  // reach. Nothing else is offered, so the form never proposes what would be refused.
  const issuable = tokens.data?.issuable ?? [];
  const offer = issuable.find((o) => o.role === scope.role);
  const offered = offer?.routes ?? [];

  function onScope(v: ScopeValue) {
    const next = issuable.find((o) => o.role === v.role);
    if (v.role !== scope.role) {
      // Another role reaches other objects, and may be issued in fewer places.
      setRoutes((r) => r.filter((o) => (next?.routes ?? []).includes(o)));
      if (next && !next.scope_kinds.includes(v.scope_kind as never)) v = { ...v, scope_kind: next.scope_kinds[0] ?? '' };
    }
    setScope(v);
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setIssued(null);
    setSaved(null);
    const body = { name, routes, ...scopeBody(scope), ...(days ? { expires_in_days: Number(days) } : {}) };
    const r = await submit.run(body, (b) => createToken(b as unknown as TokenRequest));
    if (r?.done) {
      setIssued(r.done);
      tokens.reload();
    } else if (r?.pending) {
      setSaved(t('admin.tokenPending'));
      onRequested();
    }
  }

  const status = (tk: Token) => (tk.revoked_at ? t('admin.tokenRevoked') : tk.active ? t('admin.active') : t('admin.tokenStopped'));

  return (
    <section aria-labelledby="admin-tokens" className="card">
      <h2 id="admin-tokens">{t('admin.tokens')}</h2>
      <p role="status" className={saved ? 'notice' : 'visually-hidden'}>
        {saved ?? ''}
      </p>
      {issued && (
        <SecretNotice
          label={t('admin.tokenIssued')}
          secret={issued.token}
          warning={t('admin.tokenWarning')}
          expires={t('admin.tokenExpires', { at: issued.expires_at.slice(0, 10) })}
          testId="token-secret"
        />
      )}
      <FormStatus submit={action} />
      <LoadState loading={tokens.loading && !tokens.data} error={tokens.error} onRetry={tokens.reload} />
      {tokens.data && tokens.data.items.length === 0 && <p className="muted">{t('admin.noTokens')}</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="table" data-testid="tokens">
            <caption className="visually-hidden">{t('admin.tokens')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.tokenName')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{t('admin.scopeKind')}</th>
                <th scope="col">{t('admin.tokenIssuedBy')}</th>
                <th scope="col">{t('admin.tokenExpiry')}</th>
                <th scope="col">{t('admin.tokenLastUse')}</th>
                <th scope="col">{t('admin.status')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((tk) => (
                <tr key={tk.id}>
                  <th scope="row">{tk.name}</th>
                  <td>
                    {t(`roles.${tk.role}`)} ({tk.routes.join(', ')})
                  </td>
                  <td>{tk.scope_kind === 'global' ? t('scope.global') : tk.scope_kind === 'country' ? tk.country : (org.facilities.find((f) => f.id === tk.facility_id)?.name ?? tk.facility_id)}</td>
                  <td>{tk.approved_by ? t('admin.tokenIssuedApproved', { by: tk.created_by ?? '', approver: tk.approved_by }) : tk.created_by}</td>
                  <td>{formatInstant(tk.expires_at, i18n.language)}</td>
                  <td>{tk.last_used_at ? formatInstant(tk.last_used_at, i18n.language) : t('admin.neverUsed')}</td>
                  <td>
                    {status(tk)}{' '}
                    {!tk.revoked_at && (
                      <ConfirmButton
                        className="button button--small"
                        label={t('admin.revokeToken', { name: tk.name })}
                        question={t('admin.revokeQuestion', { name: tk.name })}
                        action={t('admin.revokeVerb')}
                        onConfirm={async () => {
                          setIssued(null);
                          const r = await action.run({}, async () => (await revokeToken(tk.id), true));
                          if (r) {
                            setSaved(t('admin.tokenRevokedMsg', { name: tk.name }));
                            tokens.reload();
                          }
                        }}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit} aria-labelledby="issue-token-title">
        <h3 id="issue-token-title">{t('admin.issueToken')}</h3>
        <p className="muted">{t('admin.tokenHint')}</p>
        <FormStatus submit={submit} />
        <Field label={t('admin.tokenName')} error={err('name')}>
          {(p) => <input {...p} className="input" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <ScopeFields
          v={scope}
          onChange={onScope}
          facilities={org.facilities}
          failure={submit.failure}
          roles={issuable.map((o) => o.role)}
          scopeKinds={offer?.scope_kinds ?? SCOPES}
        />
        {offer && <p className="muted">{t(offer.alone ? 'admin.tokenAlone' : 'admin.tokenNeedsSecond')}</p>}
        <FieldSet legend={t('admin.tokenRoutes')} error={err('routes')}>
          {offered.map((o) => (
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
        <Field label={t('admin.tokenDays')} hint={t('admin.tokenDaysHint')} error={err('expires_in_days')}>
          {(p) => <input {...p} className="input input--short" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value.replace(/\D/g, ''))} />}
        </Field>
        <SubmitButton pending={submit.pending} label={t('admin.issueToken')} />
      </form>
    </section>
  );
}
