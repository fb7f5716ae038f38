import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { auditCsvUrl, listAudit, type AuditFilters } from '../api/oversight';
import type { AuditEvent } from '../api/types';
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
        <Field label={t('audit.actor')} hint={t('audit.actorHint')}>
          {(p) => <input {...p} className="input" value={draft.actor_contains ?? ''} onChange={(e) => set('actor_contains')(e.target.value)} />}
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
      <p>
        {/* The download is every event the applied filters select, not only the rows shown. */}
        <a className="button" href={auditCsvUrl(filters)} download data-testid="audit-csv">
          {t('audit.downloadCsv')}
        </a>{' '}
        <span className="muted">{t('audit.downloadHint')}</span>
      </p>
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
                  <td>
                    <AuditObject e={e} />
                  </td>
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

/** An event's object: its kind in words and its pseudonym or name when it has one, the id
 * kept below in small print (an auditor may need it to follow the object elsewhere). */
function AuditObject({ e }: { e: AuditEvent }) {
  const { t } = useTranslation();
  if (!e.object_type) return <>—</>;
  const kind = t(`audit.objectType.${e.object_type}`, { defaultValue: e.object_type });
  if (!e.object_name) {
    return (
      <>
        {kind} <bdi className="muted small">{e.object_id}</bdi>
      </>
    );
  }
  return (
    <>
      {kind} <bdi>{e.object_name}</bdi>
      <br />
      <bdi className="muted small">{e.object_id}</bdi>
    </>
  );
}
