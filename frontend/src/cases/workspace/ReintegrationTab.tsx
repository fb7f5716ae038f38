import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { getReintegrationPlan, putReintegrationPlan, submitReintegrationPlan } from '../../api/records';
import type { ReintegrationItem, ReintegrationPlan, ReintegrationPlanRequest } from '../../api/types';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { fieldMessage } from '../../forms/problems';
import { SubmitButton } from '../../forms/SubmitButton';
import { useSubmit } from '../../forms/useSubmit';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { useCase } from './CaseContext';
import { Saved } from './Saved';

const AREAS: ReintegrationItem['area'][] = ['housing', 'work_education', 'family', 'mentoring', 'supervision', 'documents', 'health', 'community'];
const STATUSES: ReintegrationItem['status'][] = ['not_started', 'in_progress', 'in_place'];
const RELEASE = ['end_of_sentence', 'parole', 'conditional', 'court_order', 'other'];
const EDITABLE = ['intervention', 'pre_release', 'reintegration'];

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
  return (
    <section aria-labelledby="tab-reintegration" className="tab">
      <h2 id="tab-reintegration">{t('workspace.tab.reintegration')}</h2>
      <Saved message={saved} />
      <LoadState loading={l.loading && !l.data} error={l.error} onRetry={l.reload} />
      {!l.loading && !plan && <p>{t('reintegration.none')}</p>}
      {plan && (
        <p data-testid="reintegration-status">
          {t('reintegration.status', { status: t(`planStatus.${plan.status}`), version: String(plan.version) })}
        </p>
      )}
      {!editable && <p className="notice">{t('reintegration.notYet')}</p>}
      {editable && (
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
        <button
          type="button"
          className="button"
          onClick={async () => {
            const r = await submit.run({}, () => submitReintegrationPlan(c.id, etag ?? ''));
            if (r) {
              setSaved(t('reintegration.submitted'));
              reload();
            }
          }}
        >
          {t('reintegration.submit')}
        </button>
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
  const [planned, setPlanned] = useState(plan?.planned_release ?? '');
  const [releaseType, setReleaseType] = useState<string>(plan?.release_type ?? '');
  const [agency, setAgency] = useState(plan?.supervising_agency ?? '');
  const [items, setItems] = useState<Items>(() =>
    Object.fromEntries((plan?.items ?? []).map((i) => [i.area, { status: i.status, description: i.description ?? '' }])),
  );
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
    if (ok) onSaved();
  }

  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="reint-form-title">
      <h3 id="reint-form-title">{plan ? t('reintegration.edit') : t('reintegration.create')}</h3>
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
