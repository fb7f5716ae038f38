import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { decideAdminRequest, listAdminRequests } from '../api/admin';
import type { AdminDecisionResult, AdminRequest } from '../api/types';
import { Field } from '../forms/Field';
import { FormStatus } from '../forms/FormStatus';
import { fieldMessage } from '../forms/problems';
import { useSubmit } from '../forms/useSubmit';
import { LoadState } from '../ui/LoadState';
import { useLoad } from '../ui/useLoad';
import { SecretNotice, formatInstant } from './SecretNotice';
import { useFacilitiesAndProgrammes } from './useAdminData';

/** Changes one administrator asked for that a second one decides: grants of administrator or
 * auditor, changes to such accounts, tokens beyond statistics. The requester sees theirs
 * waiting; another administrator in scope approves or rejects (with a reason). */
export function AdminRequestsSection({ version, onDecided }: { version: number; onDecided(): void }) {
  const { t, i18n } = useTranslation();
  const requests = useLoad((s) => listAdminRequests(s), [version]);
  const org = useFacilitiesAndProgrammes();
  const [saved, setSaved] = useState<string | null>(null);
  const [result, setResult] = useState<{ req: AdminRequest; res: AdminDecisionResult } | null>(null);
  const scopeName = (r: AdminRequest) =>
    r.scope_kind === 'global'
      ? t('scope.global')
      : r.scope_kind === 'country'
        ? (r.country ?? '')
        : (org.facilities.find((f) => f.id === r.facility_id)?.name ?? r.facility_id ?? '');

  const describe = (r: AdminRequest) => {
    const v = { target: r.target_username ?? '', role: r.role ? t(`roles.${r.role}`) : '', scope: scopeName(r), name: r.token_name ?? '' };
    switch (r.kind) {
      case 'user.update':
        if (r.disabled === true) return t('admin.request.disable', v);
        if (r.disabled === false) return t('admin.request.enable', v);
        return t('admin.request.rename', { ...v, name: r.display_name ?? '' });
      case 'user.reset':
        return t('admin.request.reset', v);
      case 'membership.create':
        return t('admin.request.grant', v);
      case 'membership.delete':
        return t('admin.request.revoke', v);
      case 'token.create':
        return t('admin.request.token', v);
    }
    return r.kind;
  };

  const items = requests.data?.items ?? [];
  return (
    <section aria-labelledby="admin-requests" className="card">
      <h2 id="admin-requests">{t('admin.requests')}</h2>
      <p className="muted">{t('admin.requestsHint')}</p>
      <p role="status" className={saved ? 'notice' : 'visually-hidden'}>
        {saved ?? ''}
      </p>
      {result?.res.code && (
        <SecretNotice
          label={t('admin.resetCodeFor', { username: result.req.target_username ?? '' })}
          secret={result.res.code}
          warning={t('admin.codeWarning', { username: result.req.target_username ?? '' })}
          expires={t('admin.codeExpires', { at: formatInstant(result.res.code_expires_at, i18n.language) })}
          testId="reset-code"
        />
      )}
      {result?.res.token?.token && (
        <SecretNotice
          label={t('admin.tokenIssued')}
          secret={result.res.token.token}
          warning={t('admin.tokenWarning')}
          expires={t('admin.tokenExpires', { at: result.res.token.expires_at.slice(0, 10) })}
          testId="token-secret"
        />
      )}
      <LoadState loading={requests.loading && !requests.data} error={requests.error} onRetry={requests.reload} />
      {requests.data && items.length === 0 && <p className="muted">{t('admin.noRequests')}</p>}
      {items.length > 0 && (
        <ul className="plain" data-testid="admin-requests">
          {items.map((r) => (
            <li key={r.id} className="card">
              <p id={`admin-request-${r.id}`}>
                <strong>{describe(r)}</strong>
              </p>
              <p className="muted">{t('admin.requestedBy', { by: r.requested_by, at: formatInstant(r.requested_at, i18n.language) })}</p>
              {r.can_decide ? (
                <Decision
                  request={r}
                  describedBy={`admin-request-${r.id}`}
                  onDone={(res, approved) => {
                    setResult(approved ? { req: r, res } : null);
                    setSaved(t(approved ? 'admin.requestApproved' : 'admin.requestRejected'));
                    requests.reload();
                    onDecided();
                  }}
                />
              ) : (
                <p>{t('admin.requestWaiting')}</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Approve (comment optional) or reject (comment required). Like the supervisors' queue, the
 * form has no accessible name (a queue of named forms is a page of near-identical
 * landmarks); its buttons are described by the request's sentence instead. */
function Decision({ request, describedBy, onDone }: { request: AdminRequest; describedBy: string; onDone(res: AdminDecisionResult, approved: boolean): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [comment, setComment] = useState('');
  async function decide(approve: boolean) {
    const res = await submit.run(comment ? { comment } : {}, () => decideAdminRequest(request.id, approve, comment.trim()));
    if (res) onDone(res, approve);
  }
  return (
    <form
      className="form"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void decide(true);
      }}
    >
      <FormStatus submit={submit} />
      <Field label={t('admin.comment')} hint={t('admin.commentHint')} error={fieldMessage(submit.failure, 'comment')}>
        {(p) => <textarea {...p} className="input" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="button button--primary" aria-describedby={describedBy} aria-disabled={submit.pending || undefined}>
          {t('admin.approve')}
        </button>
        <button type="button" className="button" aria-describedby={describedBy} aria-disabled={submit.pending || undefined} onClick={() => void decide(false)}>
          {t('admin.reject')}
        </button>
      </div>
    </form>
  );
}
