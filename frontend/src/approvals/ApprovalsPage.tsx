import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../i18n/labels';
import { Link, useLocation } from 'react-router';
import { listApprovals } from '../api/cases';
import type { Approval } from '../api/types';
import { useInterventionTypes, useMilestoneDefinitions, useNeedNames } from '../cases/workspace/useCatalogue';
import { Field } from '../forms/Field';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { LoadMore } from '../ui/LoadMore';
import { LoadState } from '../ui/LoadState';
import { useFormat } from '../i18n/format';
import { useTaskSummary } from '../tasks/TaskSummaryContext';
import { usePaged } from '../ui/usePaged';
import { ApprovalDetails } from './ApprovalDetails';
import { DecisionForm } from './DecisionForm';

const KINDS = ['transition', 'plan', 'milestone', 'reintegration_plan'];

/** The supervisor's queue of requests waiting for a second pair of eyes. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.approvals'));
  const [kind, setKind] = useState('');
  const [decided, setDecided] = useState<string | null>(null);
  const list = usePaged((cursor, s) => listApprovals(kind, cursor, s), kind);
  const milestones = useMilestoneDefinitions();
  const types = useInterventionTypes();
  const { label } = useLabels();
  const interventionName = (code: string) => label('interventionType', code, types.find((x) => x.code === code)?.name);
  const needName = useNeedNames();
  const { refresh } = useTaskSummary();
  // A task links to one request (#approval-<id>): bring it into view once the queue is there.
  const { hash } = useLocation();
  const loaded = list.items.length > 0;
  useEffect(() => {
    if (!hash.startsWith('#approval-') || !loaded) return;
    const el = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (el) {
      el.scrollIntoView?.({ block: 'start' });
      el.focus();
    }
  }, [hash, loaded]);
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
          <ApprovalCard
            key={a.id}
            approval={a}
            milestoneName={a.milestone_code ? label('milestone', a.milestone_code, milestones.find((m) => m.code === a.milestone_code)?.name) : undefined}
            interventionName={interventionName}
            needName={needName}
            onDecided={(msg) => {
              setDecided(msg);
              list.reload();
              refresh();
            }}
          />
        ))}
      </ul>
      <LoadMore cursor={list.cursor} loading={list.loading} onMore={list.loadMore} />
    </div>
  );
}

/** One request in the queue. Its heading says what is to be decided (one case can have several
 * requests waiting at once: a phase change and a milestone claim, say); below it, who asked
 * and when, and the content decided on. The decision buttons point at the heading, so each is
 * announced with the request it decides. One's own request shows no buttons: four eyes. */
function ApprovalCard({
  approval: a,
  milestoneName,
  interventionName,
  needName,
  onDecided,
}: {
  approval: Approval;
  milestoneName?: string;
  interventionName(code: string): string;
  needName(code: string): string | undefined;
  onDecided(msg: string): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const headingId = useId();
  // What is decided, in words, for the confirmation and the result.
  const what = {
    from: a.from_phase ? t(`phase.${a.from_phase}`) : '',
    to: a.to_phase ? t(`phase.${a.to_phase}`) : '',
    version: a.plan_version != null ? f.number(a.plan_version, 0) : '',
    name: milestoneName ?? a.milestone_code ?? '',
  };
  return (
    <li className="card" id={`approval-${a.id}`} tabIndex={-1} data-kind={a.kind}>
      <h2 className="queue__title" id={headingId}>
        <Link to={`/cases/${a.case_id}`}>
          <bdi>{a.pseudonym}</bdi>
        </Link>{' '}
        — {t(`approvalKind.${a.kind}`)}
        {a.kind === 'transition' && a.from_phase && a.to_phase && (
          <>{t('punctuation.colon')} {t('approvals.fromTo', { from: t(`phase.${a.from_phase}`), to: t(`phase.${a.to_phase}`) })}</>
        )}
        {a.kind === 'plan' && a.plan_version != null && <>{t('punctuation.colon')} {t('approvals.planVersion', { version: a.plan_version })}</>}
        {a.kind === 'milestone' && a.milestone_code && <>{t('punctuation.colon')} {milestoneName ?? a.milestone_code}</>}
      </h2>
      <p className="muted">{t('approvals.requestedOn', { by: a.requested_by_name || a.requested_by, at: f.date(a.requested_at) })}</p>
      <ApprovalDetails approval={a} interventionName={interventionName} needName={needName} />
      {a.requested_by_me ? (
        <p className="notice" data-testid="own-request">
          {t('approvals.ownRequest')}
        </p>
      ) : (
        <DecisionForm
          approval={a}
          describedBy={headingId}
          object={t(`approvals.object.${a.kind}`, what)}
          subject={t(`approvals.subject.${a.kind}`, what)}
          onDecided={onDecided}
        />
      )}
    </li>
  );
}
