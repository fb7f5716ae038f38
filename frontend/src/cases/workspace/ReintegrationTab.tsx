import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { discardReintegrationRevision, getReintegrationPlan, putReintegrationPlan, submitReintegrationPlan } from '../../api/records';
import type { ReintegrationItem, ReintegrationPlan, ReintegrationPlanRequest } from '../../api/types';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { fieldMessage } from '../../forms/problems';
import { useFormat } from '../../i18n/format';
import { useDraft } from '../../forms/drafts';
import { SubmitButton } from '../../forms/SubmitButton';
import { useSubmit } from '../../forms/useSubmit';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { useCase } from './CaseContext';
import { Saved } from './Saved';

const AREAS: ReintegrationItem['area'][] = ['housing', 'work_education', 'family', 'mentoring', 'supervision', 'documents', 'health', 'community'];
const STATUSES: ReintegrationItem['status'][] = ['not_started', 'in_progress', 'in_place'];
const RELEASE = ['end_of_sentence', 'parole', 'conditional', 'court_order', 'other'];
const EDITABLE = ['intervention', 'pre_release', 'reintegration'];

type PlanContent = Pick<ReintegrationPlan, 'planned_release' | 'release_type' | 'supervising_agency' | 'items' | 'version'>;

type Items = Record<string, { status: ReintegrationItem['status']; description: string }>;

/** The reintegration plan: one line per area. Saved with If-Match on the plan's own ETag. */
export function ReintegrationTab() {
  const { t } = useTranslation();
  const { c, reload } = useCase();
  const l = useLoad(
    (s) =>
      getReintegrationPlan(c.id, s).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null; // none yet
        throw e;
      }),
    [c.id, c.version],
  );
  const plan = l.data?.data ?? null;
  const etag = l.data?.etag ?? null;
  const submit = useSubmit();
  const [saved, setSaved] = useState<string | null>(null);
  const editable = EDITABLE.includes(c.phase);
  // The plan in force: the approved plan kept beside a revision, or the working copy when it
  // is itself the approved plan.
  const inForce: PlanContent | null = plan?.in_force ?? (plan?.status === 'approved' ? plan : null);
  return (
    <section aria-labelledby="tab-reintegration" className="tab">
      <h2 id="tab-reintegration">{t('workspace.tab.reintegration')}</h2>
      <Saved message={saved} />
      <LoadState loading={l.loading && !l.data} error={l.error} onRetry={l.reload} />
      {!l.loading && !plan && <p>{t('reintegration.none')}</p>}
      {inForce && (
        <ReintegrationPlanView
          plan={inForce}
          title={t('reintegration.inForceTitle', { version: String(inForce.version) })}
          testId="reintegration-in-force"
          note={plan?.in_force ? t('reintegration.inForceNote') : undefined}
        />
      )}
      {plan && (
        <p data-testid="reintegration-status">
          {t(plan.in_force ? 'reintegration.revisionStatus' : 'reintegration.status', {
            status: t(`planStatus.${plan.status}`),
            version: String(plan.version),
          })}
        </p>
      )}
      {plan?.in_force && (plan.status === 'draft' || plan.status === 'rejected') && editable && (
        <ConfirmButton
          label={t('reintegration.discard')}
          question={t('reintegration.discardQuestion', { version: String(plan.in_force.version) })}
          action={t('reintegration.discardVerb')}
          onConfirm={async () => {
            const r = await submit.run({}, () => discardReintegrationRevision(c.id, etag ?? ''));
            if (r) {
              setSaved(t('reintegration.discarded'));
              reload();
            }
          }}
        />
      )}
      {plan?.in_force && plan.status !== 'approved' && (
        <ReintegrationPlanView plan={plan} title={t('reintegration.revisionTitle', { version: String(plan.version) })} testId="reintegration-revision" />
      )}
      {!editable && <p className="notice">{t('reintegration.notYet')}</p>}
      {editable && plan?.status === 'submitted' && <p className="notice">{t('reintegration.waiting')}</p>}
      {editable && plan?.status !== 'submitted' && (
        <ReintegrationForm
          key={plan ? `${plan.version}` : 'new'}
          caseId={c.id}
          plan={plan}
          etag={etag}
          onSaved={() => {
            setSaved(t('reintegration.saved'));
            reload();
          }}
          onStale={l.reload}
        />
      )}
      {plan && plan.status === 'draft' && (
        <ConfirmButton
          label={t('reintegration.submit')}
          question={t('confirm.submitReintegration', { n: String(plan.version) })}
          action={t('confirm.submitVerb')}
          disabled={submit.pending}
          onConfirm={async () => {
            const r = await submit.run({}, () => submitReintegrationPlan(c.id, etag ?? ''));
            if (r) {
              setSaved(t('reintegration.submitted'));
              reload();
            }
          }}
        />
      )}
    </section>
  );
}

function ReintegrationForm({
  caseId,
  plan,
  etag,
  onSaved,
  onStale,
}: {
  caseId: string;
  plan: ReintegrationPlan | null;
  etag: string | null;
  onSaved(): void;
  onStale(): void;
}) {
  const { t } = useTranslation();
  const submit = useSubmit();
  // Kept through a session that ends mid-form (forms/drafts.ts), per version of the plan, so a
  // draft never lands on a version it was not typed against.
  const [draft, setDraft, discardDraft] = useDraft(`reintegration.${caseId}.${plan?.version ?? 0}`, {
    planned: plan?.planned_release ?? '',
    releaseType: plan?.release_type ?? '',
    agency: plan?.supervising_agency ?? '',
    items: Object.fromEntries((plan?.items ?? []).map((i) => [i.area, { status: i.status, description: i.description ?? '' }])) as Items,
  });
  const { planned, releaseType, agency, items } = draft;
  const setPlanned = (planned: string) => setDraft((d) => ({ ...d, planned }));
  const setReleaseType = (releaseType: string) => setDraft((d) => ({ ...d, releaseType }));
  const setAgency = (agency: string) => setDraft((d) => ({ ...d, agency }));
  const setItems = (f: (o: Items) => Items) => setDraft((d) => ({ ...d, items: f(d.items) }));
  const err = (p: string) => fieldMessage(submit.failure, p);
  const areaIndex = (a: string) => AREAS.filter((x) => items[x]).indexOf(a as ReintegrationItem['area']);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const list: ReintegrationItem[] = AREAS.filter((a) => items[a]).map((a) => ({
      area: a,
      status: items[a]!.status,
      ...(items[a]!.description.trim() ? { description: items[a]!.description } : {}),
    }));
    const body: ReintegrationPlanRequest = {
      ...(planned ? { planned_release: planned } : {}),
      ...(releaseType ? { release_type: releaseType as ReintegrationPlanRequest['release_type'] } : {}),
      ...(agency.trim() ? { supervising_agency: agency } : {}),
      items: list,
    };
    const ok = await submit.run({ ...body }, (b) => putReintegrationPlan(caseId, etag, b as unknown as ReintegrationPlanRequest));
    if (ok) {
      discardDraft();
      onSaved();
    }
  }

  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="reint-form-title">
      <h3 id="reint-form-title">
        {!plan ? t('reintegration.create') : plan.status === 'approved' || plan.in_force ? t('reintegration.revise') : t('reintegration.edit')}
      </h3>
      {plan && (plan.status === 'approved' || plan.in_force) && <p className="field__hint">{t('reintegration.reviseNote')}</p>}
      <FormStatus submit={submit} onReload={() => { submit.reset(); onStale(); }} />
      <Field label={t('reintegration.plannedRelease')} error={err('planned_release')}>
        {(p) => <input {...p} type="date" className="input input--date" value={planned} onChange={(e) => setPlanned(e.target.value)} />}
      </Field>
      <Field label={t('reintegration.releaseType')} error={err('release_type')}>
        {(p) => (
          <select {...p} className="input" value={releaseType} onChange={(e) => setReleaseType(e.target.value)}>
            <option value="">{t('forms.notRecorded')}</option>
            {RELEASE.map((r) => (
              <option key={r} value={r}>
                {t(`releaseType.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('reintegration.agency')} error={err('supervising_agency')}>
        {(p) => <input {...p} className="input" value={agency} onChange={(e) => setAgency(e.target.value)} />}
      </Field>
      {AREAS.map((a) => {
        const it = items[a];
        const i = areaIndex(a);
        return (
          <fieldset key={a} className="fieldset">
            <legend>{t(`area.${a}`)}</legend>
            <Field label={t('reintegration.itemStatus', { area: t(`area.${a}`) })} error={i >= 0 ? err(`items[${i}].status`) : undefined}>
              {(p) => (
                <select
                  {...p}
                  className="input"
                  value={it?.status ?? ''}
                  onChange={(e) =>
                    setItems((o) => {
                      const n = { ...o };
                      if (!e.target.value) delete n[a];
                      else n[a] = { description: o[a]?.description ?? '', status: e.target.value as ReintegrationItem['status'] };
                      return n;
                    })
                  }
                >
                  <option value="">{t('reintegration.notInPlan')}</option>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`itemStatus.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {it && (
              <Field label={t('reintegration.itemDescription', { area: t(`area.${a}`) })} error={err(`items[${i}].description`)}>
                {(p) => (
                  <textarea
                    {...p}
                    className="input"
                    rows={2}
                    value={it.description}
                    onChange={(e) => setItems((o) => ({ ...o, [a]: { ...it, description: e.target.value } }))}
                  />
                )}
              </Field>
            )}
          </fieldset>
        );
      })}
      <SubmitButton pending={submit.pending} label={t('reintegration.save')} />
    </form>
  );
}

/** One version of the plan, read-only: what it arranges per area. */
function ReintegrationPlanView({ plan, title, note, testId }: { plan: PlanContent; title: string; note?: string | undefined; testId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <section className="card plan-view" data-testid={testId} aria-label={title}>
      <h3>{title}</h3>
      {note && <p className="field__hint">{note}</p>}
      <dl className="facts">
        <div>
          <dt>{t('reintegration.plannedRelease')}</dt>
          <dd>{plan.planned_release ? f.date(plan.planned_release) : '—'}</dd>
        </div>
        <div>
          <dt>{t('reintegration.releaseType')}</dt>
          <dd>{plan.release_type ? t(`releaseType.${plan.release_type}`) : '—'}</dd>
        </div>
        <div>
          <dt>{t('reintegration.agency')}</dt>
          <dd dir="auto">{plan.supervising_agency || '—'}</dd>
        </div>
      </dl>
      {plan.items.length === 0 ? (
        <p>{t('reintegration.noItems')}</p>
      ) : (
        <ul className="plain-list">
          {plan.items.map((it) => (
            <li key={it.area}>
              <strong>{t(`area.${it.area}`)}</strong> — {t(`itemStatus.${it.status}`)}
              {it.description ? (
                <>
                  {': '}
                  <bdi>{it.description}</bdi>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
