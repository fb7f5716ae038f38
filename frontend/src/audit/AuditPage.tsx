import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { listAudit, type AuditFilters } from '../api/oversight';
import { Field } from '../forms/Field';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { LoadMore } from '../ui/LoadMore';
import { LoadState } from '../ui/LoadState';
import { usePaged } from '../ui/usePaged';
import { VerifyChain } from './VerifyChain';

/** The audit trail, newest first, with filters applied on submit (reading it is audited). */
export function AuditPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.audit'));
  const [draft, setDraft] = useState<AuditFilters>({});
  const [filters, setFilters] = useState<AuditFilters>({});
  const list = usePaged((cursor, s) => listAudit({ ...filters, cursor }, s), JSON.stringify(filters));
  const set = (k: keyof AuditFilters) => (v: string) => setDraft((d) => ({ ...d, [k]: v || undefined }));
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('nav.audit')}</h1>
      <VerifyChain />
      <form
        className="filters"
        role="search"
        aria-label={t('audit.filters')}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <Field label={t('audit.actor')}>
          {(p) => <input {...p} className="input" value={draft.actor ?? ''} onChange={(e) => set('actor')(e.target.value)} />}
        </Field>
        <Field label={t('audit.action')} hint={t('audit.actionHint')}>
          {(p) => <input {...p} className="input" value={draft.action ?? ''} onChange={(e) => set('action')(e.target.value)} />}
        </Field>
        <Field label={t('audit.outcome')}>
          {(p) => (
            <select {...p} className="input" value={draft.outcome ?? ''} onChange={(e) => set('outcome')(e.target.value)}>
              <option value="">{t('filters.any')}</option>
              {['success', 'failure', 'denied'].map((o) => (
                <option key={o} value={o}>
                  {t(`outcome.${o}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('audit.from')}>
          {(p) => <input {...p} type="date" className="input input--date" value={draft.from ?? ''} onChange={(e) => set('from')(e.target.value)} />}
        </Field>
        <Field label={t('audit.to')}>
          {(p) => <input {...p} type="date" className="input input--date" value={draft.to ?? ''} onChange={(e) => set('to')(e.target.value)} />}
        </Field>
        <button type="submit" className="button">
          {t('filters.apply')}
        </button>
      </form>
      <LoadState loading={list.loading && !list.items.length} error={list.error} onRetry={list.reload} />
      {!list.loading && !list.error && list.items.length === 0 && <p>{t('audit.none')}</p>}
      {list.items.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('audit.events')}>
          <table className="table" data-testid="audit-table">
            <caption className="visually-hidden">{t('audit.events')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.role')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.object')}</th>
                <th scope="col">{t('audit.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((e) => (
                <tr key={e.seq}>
                  <th scope="row">{e.seq}</th>
                  <td>{e.at.replace('T', ' ').slice(0, 19)}</td>
                  <td>{e.actor_name || e.actor_id}</td>
                  <td>{e.role}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>{e.object_type ? `${e.object_type} ${e.object_id}` : '—'}</td>
                  <td>{t(`outcome.${e.outcome}`, { defaultValue: e.outcome })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore cursor={list.cursor} loading={list.loading} onMore={list.loadMore} />
    </div>
  );
}
