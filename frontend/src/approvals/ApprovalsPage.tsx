import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listApprovals } from '../api/cases';
import { Field } from '../forms/Field';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { LoadMore } from '../ui/LoadMore';
import { LoadState } from '../ui/LoadState';
import { usePaged } from '../ui/usePaged';
import { DecisionForm } from './DecisionForm';

const KINDS = ['transition', 'plan', 'milestone', 'reintegration_plan'];

/** The supervisor's queue of requests waiting for a second pair of eyes. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.approvals'));
  const [kind, setKind] = useState('');
  const [decided, setDecided] = useState<string | null>(null);
  const list = usePaged((cursor, s) => listApprovals(kind, cursor, s), kind);
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('nav.approvals')}</h1>
      <p role="status" className={decided ? 'notice' : 'visually-hidden'}>
        {decided ?? ''}
      </p>
      <form className="filters" role="search" aria-label={t('approvals.filter')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('approvals.kind')}>
          {(p) => (
            <select {...p} className="input" value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">{t('filters.any')}</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`approvalKind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <LoadState loading={list.loading && !list.items.length} error={list.error} onRetry={list.reload} />
      {!list.loading && !list.error && list.items.length === 0 && <p>{t('approvals.none')}</p>}
      <ul className="queue" data-testid="approvals">
        {list.items.map((a) => (
          <li key={a.id} className="card">
            <h2 className="queue__title">
              <Link to={`/cases/${a.case_id}`}>{a.pseudonym}</Link> — {t(`approvalKind.${a.kind}`)}
              {a.kind === 'transition' && a.from_phase && a.to_phase && (
                <> : {t('approvals.fromTo', { from: t(`phase.${a.from_phase}`), to: t(`phase.${a.to_phase}`) })}</>
              )}
            </h2>
            <p className="muted">{t('approvals.requested', { by: a.requested_by, at: a.requested_at.slice(0, 10) })}</p>
            <DecisionForm
              approval={a}
              onDecided={(msg) => {
                setDecided(msg);
                list.reload();
              }}
            />
          </li>
        ))}
      </ul>
      <LoadMore cursor={list.cursor} loading={list.loading} onMore={list.loadMore} />
    </div>
  );
}
