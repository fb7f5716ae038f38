import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { createRelease, listReleases, updateRelease } from '../../api/cases';
import type { Release, ReleaseRequest, ReleaseType } from '../../api/types';
import { today } from '../../forms/dates';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { fieldMessage } from '../../forms/problems';
import { SubmitButton } from '../../forms/SubmitButton';
import { useSubmit } from '../../forms/useSubmit';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { useCase } from './CaseContext';
import { Saved } from './Saved';

export const RELEASE_TYPES: ReleaseType[] = ['end_of_sentence', 'parole', 'conditional', 'court_order', 'other'];
export const RECALL_OUTCOMES = ['returned_to_custody', 'remanded', 'new_sentence', 'other'] as const;

/** Every release of the case, the first first, with its recall and what followed; the form
 * that records a release in pre-release. */
export function ReleasesTab() {
  const { t } = useTranslation();
  const f = useFormat();
  const { c, reload } = useCase();
  const list = useLoad((s) => listReleases(c.id, s), [c.id, c.version]);
  const [saved, setSaved] = useState<string | null>(null);
  const releases = list.data?.items ?? [];
  const open = releases.find((r) => !r.recall);
  const done = (msg: string) => {
    setSaved(msg);
    reload();
  };
  return (
    <section aria-labelledby="tab-releases" className="tab">
      <h2 id="tab-releases">{t('workspace.tab.releases')}</h2>
      <Saved message={saved} />
      {c.track !== 'custodial' && <p className="notice">{t('releases.community')}</p>}
      <LoadState loading={list.loading && !list.data} error={list.error} onRetry={list.reload} />
      {list.data && releases.length === 0 && c.track === 'custodial' && <p>{t('releases.none')}</p>}
      {releases.length > 0 && (
        <table className="table" data-testid="releases">
          <caption className="visually-hidden">{t('releases.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('releases.number')}</th>
              <th scope="col">{t('releases.releasedOn')}</th>
              <th scope="col">{t('releases.type')}</th>
              <th scope="col">{t('releases.agency')}</th>
              <th scope="col">{t('releases.conditions')}</th>
              <th scope="col">{t('releases.status')}</th>
              <th scope="col">{t('releases.recall')}</th>
            </tr>
          </thead>
          <tbody>
            {releases.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.number}</th>
                <td>
                  <time dateTime={r.released_on}>{f.date(r.released_on)}</time>
                </td>
                <td>{t(`releaseType.${r.release_type}`)}</td>
                <td>{r.supervising_agency || '—'}</td>
                <td>{r.conditions || '—'}</td>
                <td>{t(`releaseStatus.${r.status}`)}</td>
                <td>
                  {r.recall
                    ? t('releases.recalledOn', {
                        on: f.date(r.recall.on),
                        reason: t(`recallReason.${r.recall.reason}`),
                        outcome: r.recall.outcome ? t(`recallOutcome.${r.recall.outcome}`) : t('releases.outcomeUnknown'),
                      })
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {c.phase !== 'closed' &&
        releases
          .filter((r) => r.recall)
          .map((r) => (
            <RecallOutcomeForm
              key={`${r.id}:${c.version}`}
              release={r}
              onSubmit={() => setSaved(null)}
              onSaved={() => done(t('releases.outcomeSaved'))}
            />
          ))}
      {c.track === 'custodial' && c.phase === 'pre_release' && !open && (
        <ReleaseForm key={c.version} onSubmit={() => setSaved(null)} onSaved={() => done(t('releases.saved'))} />
      )}
      {c.track === 'custodial' && c.phase === 'pre_release' && open && <p className="notice">{t('releases.recordedWaiting', { on: f.date(open.released_on) })}</p>}
    </section>
  );
}

/** onSubmit: a save begins, so the tab withdraws the previous outcome. */
function ReleaseForm({ onSaved, onSubmit: started }: { onSaved(): void; onSubmit(): void }) {
  const { t } = useTranslation();
  const { c, etag, reload } = useCase();
  const submit = useSubmit();
  const [v, setV] = useState<ReleaseRequest>({ released_on: today(), release_type: 'parole', supervising_agency: '', conditions: '' });
  const err = (p: string) => fieldMessage(submit.failure, p);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    started();
    const body: ReleaseRequest = {
      released_on: v.released_on,
      release_type: v.release_type,
      ...(v.supervising_agency?.trim() ? { supervising_agency: v.supervising_agency.trim() } : {}),
      ...(v.conditions?.trim() ? { conditions: v.conditions.trim() } : {}),
    };
    const ok = await submit.run({ ...body }, (b, key) => createRelease(c.id, etag, b as unknown as ReleaseRequest, key));
    if (ok) onSaved();
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="release-form-title">
      <h3 id="release-form-title">{t('releases.record')}</h3>
      <p className="field__hint">{t('releases.recordHint')}</p>
      <FormStatus submit={submit} onReload={() => { submit.reset(); reload(); }} />
      <Field label={t('releases.releasedOn')} error={err('released_on')}>
        {(p) => <input {...p} type="date" className="input input--date" value={v.released_on} onChange={(e) => setV({ ...v, released_on: e.target.value })} />}
      </Field>
      <Field label={t('releases.type')} error={err('release_type')}>
        {(p) => (
          <select {...p} className="input" value={v.release_type} onChange={(e) => setV({ ...v, release_type: e.target.value as ReleaseType })}>
            {RELEASE_TYPES.map((r) => (
              <option key={r} value={r}>
                {t(`releaseType.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('releases.agency')} error={err('supervising_agency')}>
        {(p) => <input {...p} className="input" value={v.supervising_agency} onChange={(e) => setV({ ...v, supervising_agency: e.target.value })} />}
      </Field>
      <Field label={t('releases.conditions')} hint={t('forms.noIdentifiersHint')} error={err('conditions')}>
        {(p) => <textarea {...p} className="input" rows={3} value={v.conditions} onChange={(e) => setV({ ...v, conditions: e.target.value })} />}
      </Field>
      <SubmitButton pending={submit.pending} label={t('releases.save')} />
    </form>
  );
}

/** What followed a recall, said once it is known (PATCH with the case's If-Match). */
function RecallOutcomeForm({ release, onSaved, onSubmit: started }: { release: Release; onSaved(): void; onSubmit(): void }) {
  const { t } = useTranslation();
  const { c, etag, reload } = useCase();
  const submit = useSubmit();
  const [outcome, setOutcome] = useState(release.recall?.outcome ?? '');
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    started();
    const ok = await submit.run({ recall_outcome: outcome || null }, (b) => updateRelease(c.id, release.id, etag, b));
    if (ok) onSaved();
  }
  const title = t('releases.outcomeOf', { number: String(release.number) });
  return (
    <form className="form card" noValidate onSubmit={onSubmit}>
      <FormStatus submit={submit} onReload={() => { submit.reset(); reload(); }} />
      <Field label={title} error={fieldMessage(submit.failure, 'recall_outcome')}>
        {(p) => (
          <select {...p} className="input" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <option value="">{t('releases.outcomeUnknown')}</option>
            {RECALL_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`recallOutcome.${o}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <SubmitButton pending={submit.pending} label={t('releases.saveOutcome', { number: String(release.number) })} />
    </form>
  );
}
