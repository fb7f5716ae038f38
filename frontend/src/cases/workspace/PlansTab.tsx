import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listPlans, submitPlan } from '../../api/records';
import { FormStatus } from '../../forms/FormStatus';
import { useSubmit } from '../../forms/useSubmit';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { useCase } from './CaseContext';
import { PlanForm } from './PlanForm';
import { Saved } from './Saved';

export function PlansTab() {
  const { t } = useTranslation();
  const { c, reload } = useCase();
  const l = useLoad((s) => listPlans(c.id, s), [c.id, c.version]);
  const [saved, setSaved] = useState<string | null>(null);
  const sub = useSubmit();
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
          {p.summary && <p>{p.summary}</p>}
          <ol>
            {p.goals.map((g, i) => (
              <li key={i}>
                <strong>{g.need}</strong>: {g.description}
                {g.target_date && ` (${t('plans.by', { date: g.target_date })})`}
              </li>
            ))}
          </ol>
          {p.status === 'draft' && (
            <button
              type="button"
              className="button"
              onClick={async () => {
                const r = await sub.run({}, () => submitPlan(p.id));
                if (r) {
                  setSaved(t('plans.submitted'));
                  reload();
                }
              }}
            >
              {t('plans.submit')}
            </button>
          )}
        </article>
      ))}
      {c.phase !== 'closed' && c.phase !== 'intake' && (
        <PlanForm
          caseId={c.id}
          onSaved={() => {
            setSaved(t('plans.saved'));
            reload();
          }}
        />
      )}
    </section>
  );
}
