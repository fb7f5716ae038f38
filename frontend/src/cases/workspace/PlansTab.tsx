import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { listPlans, submitPlan } from '../../api/records';
import { FormStatus } from '../../forms/FormStatus';
import { useSubmit } from '../../forms/useSubmit';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { Decision } from '../../ui/Decision';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { useCase } from './CaseContext';
import { PlanForm } from './PlanForm';
import { Saved } from './Saved';
import { useNeedNames } from './useCatalogue';

export function PlansTab() {
  const { t } = useTranslation();
  const { c, reload } = useCase();
  const l = useLoad((s) => listPlans(c.id, s), [c.id, c.version]);
  const [saved, setSaved] = useState<string | null>(null);
  const sub = useSubmit();
  const f = useFormat();
  const needName = useNeedNames();
  // A new version starts from the latest one (rejected or not), so the author changes only what
  // was asked. The form is keyed by it, so it starts again from a version saved meanwhile.
  const latest = l.data?.items.reduce<(typeof l.data.items)[number] | undefined>((a, p) => (!a || p.version > a.version ? p : a), undefined);
  return (
    <section aria-labelledby="tab-plans" className="tab">
      <h2 id="tab-plans">{t('workspace.tab.plans')}</h2>
      <Saved message={saved} />
      <FormStatus submit={sub} />
      <LoadState loading={l.loading && !l.data} error={l.error} onRetry={l.reload} />
      {l.data?.items.length === 0 && <p>{t('workspace.empty')}</p>}
      {l.data?.items.map((p) => (
        <article key={p.id} className="card" aria-labelledby={`plan-${p.id}`}>
          <h3 id={`plan-${p.id}`}>
            {t('plans.version', { n: String(p.version) })} — {t(`planStatus.${p.status}`)}
          </h3>
          {p.summary && (
            <p dir="auto" className="prose">
              {p.summary}
            </p>
          )}
          <ol>
            {p.goals.map((g, i) => (
              <li key={i} dir="auto">
                <strong>
                  <bdi>{g.need}</bdi>
                  {needName(g.need) && <span className="need-word"> ({needName(g.need)})</span>}
                </strong>
                : {g.description}
                {g.target_date && ` (${t('plans.by', { date: f.date(g.target_date) })})`}
              </li>
            ))}
          </ol>
          <Decision by={p.decided_by} comment={p.decision_comment} at={p.decided_at} />
          {p.status === 'draft' && (
            <ConfirmButton
              label={t('plans.submit')}
              question={t('confirm.submitPlan', { n: f.number(p.version, 0) })}
              action={t('confirm.submitVerb')}
              disabled={sub.pending}
              onConfirm={async () => {
                const r = await sub.run({}, () => submitPlan(p.id));
                if (r) {
                  setSaved(t('plans.submitted'));
                  reload();
                }
              }}
            />
          )}
        </article>
      ))}
      {c.phase !== 'closed' && c.phase !== 'intake' && l.data && (
        <PlanForm
          key={latest?.id ?? 'none'}
          caseId={c.id}
          from={latest}
          onSaved={() => {
            setSaved(t('plans.saved'));
            reload();
          }}
        />
      )}
    </section>
  );
}
