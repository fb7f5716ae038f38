import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { closeFollowUpPoint, createFollowUp, listFollowUpPoints, listFollowUps } from '../../api/records';
import type { FollowUpPoint, FollowUpRequest, NotReachedReason } from '../../api/types';
import { today } from '../../forms/dates';
import { useFormat } from '../../i18n/format';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { fieldMessage } from '../../forms/problems';
import { SubmitButton } from '../../forms/SubmitButton';
import { useSubmit } from '../../forms/useSubmit';
import { LoadMore } from '../../ui/LoadMore';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { usePaged } from '../../ui/usePaged';
import { useCase } from './CaseContext';
import { Saved } from './Saved';

const CHOICES = {
  housing: ['stable', 'temporary', 'homeless', 'unknown'],
  work_education: ['employed', 'in_education', 'unemployed', 'unable', 'unknown'],
  family_contact: ['regular', 'occasional', 'none', 'unknown'],
  supervision_compliance: ['compliant', 'minor_breach', 'major_breach', 'not_applicable'],
  new_offence: ['none', 'arrest', 'charge', 'conviction'],
} as const;
type Choice = keyof typeof CHOICES;
/** Outcomes with no "unknown" start unset: a default of "Compliant" or "None" saved without a
 * look recorded a good outcome nobody checked (trial 17, M11). The server requires both, so an
 * unset one is not sent and comes back as required. */
const UNSET: Choice[] = ['supervision_compliance', 'new_offence'];

export const NOT_REACHED: NotReachedReason[] = ['lost_contact', 'refused', 'moved_abroad', 'in_custody', 'deceased'];
const OPEN_STATES = ['scheduled', 'due', 'overdue'];

/** Days from one calendar date to a later one (both YYYY-MM-DD, read as UTC days). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
}

/** How a point is named wherever it is chosen: its months and its due date. */
function pointLabel(t: TFunction, p: FollowUpPoint, date: (iso: string) => string): string {
  return t('followUps.pointLabel', { months: String(p.months), due: date(p.due_on) });
}

/** The follow-up schedule (points with their due dates and states, each reached by a
 * follow-up or closed as not reached), the follow-ups recorded, and the form to record one. */
export function FollowUpsTab() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { c, reload } = useCase();
  const points = useLoad((s) => listFollowUpPoints(c.id, s), [c.id, c.version]);
  const list = usePaged((cursor, s) => listFollowUps(c.id, cursor, s), `${c.id}:${c.version}`);
  const [saved, setSaved] = useState<string | null>(null);
  const [pointId, setPointId] = useState('');
  const [closing, setClosing] = useState<FollowUpPoint | null>(null);
  const pts = points.data?.items ?? [];
  // "56 days" as the language says it, plural and digits included (Intl, not a translation key).
  const days = (n: number) => new Intl.NumberFormat(fmt.locale, { style: 'unit', unit: 'day', unitDisplay: 'long' }).format(n);
  const day = (iso: string) => <time dateTime={iso.slice(0, 10)}>{fmt.date(iso)}</time>;
  const open = pts.filter((p) => OPEN_STATES.includes(p.state));
  const recording = pts.length > 0 && (c.phase !== 'closed' || open.length > 0);
  const done = (msg: string) => {
    setSaved(msg);
    setPointId('');
    setClosing(null);
    reload();
  };
  return (
    <section aria-labelledby="tab-follow-ups" className="tab">
      <h2 id="tab-follow-ups">{t('workspace.tab.follow-ups')}</h2>
      <Saved message={saved} />
      <h3 id="points-title">{t('followUps.points')}</h3>
      <LoadState loading={points.loading && !points.data} error={points.error} onRetry={points.reload} />
      {points.data && pts.length === 0 && (
        <p className="notice">{c.track === 'custodial' ? t('followUps.noPointsCustodial') : t('followUps.noPointsCommunity')}</p>
      )}
      {pts.length > 0 && (
        <table className="table" data-testid="follow-up-points" aria-labelledby="points-title">
          <thead>
            <tr>
              <th scope="col">{t('followUps.from')}</th>
              <th scope="col">{t('followUps.point')}</th>
              <th scope="col">{t('followUps.due')}</th>
              <th scope="col">{t('followUps.state')}</th>
              <th scope="col">{t('followUps.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {pts.map((p) => (
              <tr key={p.id} data-state={p.state}>
                <td>{t(p.anchor === 'release' ? 'followUps.fromRelease' : 'followUps.fromEnd', { on: fmt.date(p.anchor_on) })}</td>
                <th scope="row">{t('followUps.months_n', { months: String(p.months) })}</th>
                <td>
                  <time dateTime={p.due_on}>{fmt.date(p.due_on)}</time>
                </td>
                <td className={p.state === 'overdue' ? 'overdue' : undefined}>
                  {t(`pointState.${p.state}`)}
                  {p.not_reached_reason && ` — ${t(`notReached.${p.not_reached_reason}`)}`}
                  {p.closed_on && p.state !== 'lapsed' && <> ({day(p.closed_on)})</>}
                  {p.state === 'reached' && p.closed_on && daysBetween(p.due_on, p.closed_on) > 0 && (
                    <>
                      {' '}
                      <span data-testid="recorded-late">{t('followUps.recordedLate', { days: days(daysBetween(p.due_on, p.closed_on)) })}</span>
                    </>
                  )}
                </td>
                <td>
                  {recording && OPEN_STATES.includes(p.state) && (
                    <span className="actions">
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => {
                          setPointId(p.id);
                          setClosing(null);
                          document.getElementById('fu-title')?.scrollIntoView?.();
                        }}
                      >
                        {t('followUps.recordFor', { point: pointLabel(t, p, fmt.date) })}
                      </button>{' '}
                      <button type="button" className="button button--small" onClick={() => setClosing(p)}>
                        {t('followUps.notReachedFor', { point: pointLabel(t, p, fmt.date) })}
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {closing && (
        <NotReachedForm
          key={closing.id}
          point={closing}
          onCancel={() => setClosing(null)}
          onSubmit={() => setSaved(null)}
          onSaved={() => done(t('followUps.notReachedSaved', { point: pointLabel(t, closing, fmt.date) }))}
        />
      )}
      <h3 id="recorded-title">{t('followUps.recorded')}</h3>
      {list.items.length > 0 ? (
        <table className="table" data-testid="follow-ups" aria-labelledby="recorded-title">
          <thead>
            <tr>
              <th scope="col">{t('followUps.date')}</th>
              <th scope="col">{t('followUps.months')}</th>
              <th scope="col">{t('followUps.point')}</th>
              {(Object.keys(CHOICES) as Choice[]).map((k) => (
                <th key={k} scope="col">
                  {t(`followUps.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.items.map((f) => {
              const p = pts.find((x) => x.id === f.point_id);
              return (
                <tr key={f.id}>
                  <td>{day(f.held_on)}</td>
                  <td>{f.months_since_release}</td>
                  <td>{p ? t('followUps.months_n', { months: String(p.months) }) : t('followUps.unscheduled')}</td>
                  {(Object.keys(CHOICES) as Choice[]).map((k) => (
                    <td key={k}>{t(`followUpValue.${f[k]}`)}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        !list.loading && !list.error && <p>{t('workspace.empty')}</p>
      )}
      <LoadState loading={list.loading && !list.items.length} error={list.error} onRetry={list.reload} />
      <LoadMore cursor={list.cursor} loading={list.loading} onMore={list.loadMore} />
      {recording ? (
        <FollowUpForm
          caseId={c.id}
          points={open}
          pointId={pointId}
          setPointId={setPointId}
          onSubmit={() => setSaved(null)}
          onSaved={() => done(t('followUps.saved'))}
        />
      ) : (
        pts.length > 0 && <p className="notice">{t('followUps.recordingEnded')}</p>
      )}
    </section>
  );
}

function NotReachedForm({ point, onSaved, onCancel, onSubmit: started }: { point: FollowUpPoint; onSaved(): void; onCancel(): void; onSubmit(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { c, etag, reload } = useCase();
  const submit = useSubmit();
  const [reason, setReason] = useState<NotReachedReason | ''>('');
  const [on, setOn] = useState(today());
  const title = t('followUps.notReachedTitle', { point: pointLabel(t, point, fmt.date) });
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    started();
    const ok = await submit.run({ reason, on }, (b) => closeFollowUpPoint(c.id, point.id, etag, b as { reason: NotReachedReason; on: string }));
    if (ok) onSaved();
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-label={title}>
      <h3>{title}</h3>
      <FormStatus submit={submit} onReload={() => { submit.reset(); reload(); }} />
      <Field label={t('followUps.notReachedReason')} error={fieldMessage(submit.failure, 'reason')}>
        {(p) => (
          <select {...p} className="input" value={reason} onChange={(e) => setReason(e.target.value as NotReachedReason)}>
            <option value="">{t('forms.choose')}</option>
            {NOT_REACHED.map((r) => (
              <option key={r} value={r}>
                {t(`notReached.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('followUps.notReachedOn')} error={fieldMessage(submit.failure, 'on')}>
        {(p) => <input {...p} type="date" className="input input--date" value={on} onChange={(e) => setOn(e.target.value)} />}
      </Field>
      <SubmitButton pending={submit.pending} label={t('followUps.notReachedSave')} />{' '}
      <button type="button" className="button" onClick={onCancel}>
        {t('forms.cancel')}
      </button>
    </form>
  );
}

function FollowUpForm({
  caseId,
  points,
  pointId,
  setPointId,
  onSaved,
  onSubmit: started,
}: {
  caseId: string;
  points: FollowUpPoint[];
  pointId: string;
  setPointId(id: string): void;
  onSaved(): void;
  /** A save begins: the tab withdraws the previous outcome. */
  onSubmit(): void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const submit = useSubmit();
  const blank = { held_on: today(), housing: 'unknown', work_education: 'unknown', family_contact: 'unknown', supervision_compliance: '', new_offence: '', offence_category: '', offence_on: '', notes: '' };
  const [v, setV] = useState(blank);
  const err = (p: string) => fieldMessage(submit.failure, p);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    started();
    const offence = v.new_offence !== '' && v.new_offence !== 'none';
    const body: Partial<FollowUpRequest> = {
      ...(pointId ? { point_id: pointId } : {}),
      held_on: v.held_on,
      housing: v.housing as FollowUpRequest['housing'],
      work_education: v.work_education as FollowUpRequest['work_education'],
      family_contact: v.family_contact as FollowUpRequest['family_contact'],
      ...(v.supervision_compliance ? { supervision_compliance: v.supervision_compliance as FollowUpRequest['supervision_compliance'] } : {}),
      ...(v.new_offence ? { new_offence: v.new_offence as FollowUpRequest['new_offence'] } : {}),
      ...(offence && v.offence_category ? { offence_category: v.offence_category } : {}),
      ...(offence && v.offence_on ? { offence_on: v.offence_on } : {}),
      ...(v.notes.trim() ? { notes: v.notes } : {}),
    };
    const ok = await submit.run({ ...body }, (b, key) => createFollowUp(caseId, b as unknown as FollowUpRequest, key));
    if (ok) {
      setV(blank);
      onSaved();
    }
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="fu-title">
      <h3 id="fu-title">{t('followUps.record')}</h3>
      <FormStatus submit={submit} />
      <Field label={t('followUps.point')} hint={t('followUps.pointHint')} error={err('point_id')}>
        {(p) => (
          <select {...p} className="input" value={pointId} onChange={(e) => setPointId(e.target.value)}>
            <option value="">{t('followUps.unscheduled')}</option>
            {points.map((x) => (
              <option key={x.id} value={x.id}>
                {pointLabel(t, x, fmt.date)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('followUps.date')} error={err('held_on')}>
        {(p) => <input {...p} type="date" className="input input--date" value={v.held_on} onChange={(e) => setV({ ...v, held_on: e.target.value })} />}
      </Field>
      {(Object.keys(CHOICES) as Choice[]).map((k) => (
        <Field key={k} label={t(`followUps.${k}`)} error={err(k)}>
          {(p) => (
            <select {...p} className="input" value={v[k]} onChange={(e) => setV({ ...v, [k]: e.target.value })}>
              {UNSET.includes(k) && <option value="">{t('forms.choose')}</option>}
              {CHOICES[k].map((o) => (
                <option key={o} value={o}>
                  {t(`followUpValue.${o}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ))}
      {v.new_offence !== '' && v.new_offence !== 'none' && (
        <>
          <Field label={t('followUps.offenceCategory')} hint={t('followUps.offenceCategoryHint')} error={err('offence_category')}>
            {(p) => <input {...p} className="input input--short" value={v.offence_category} onChange={(e) => setV({ ...v, offence_category: e.target.value })} />}
          </Field>
          <Field label={t('followUps.offenceOn')} error={err('offence_on')}>
            {(p) => <input {...p} type="date" className="input input--date" value={v.offence_on} onChange={(e) => setV({ ...v, offence_on: e.target.value })} />}
          </Field>
        </>
      )}
      <Field label={t('followUps.notes')} hint={t('forms.noIdentifiersHint')} error={err('notes')}>
        {(p) => <textarea {...p} className="input" rows={3} value={v.notes} onChange={(e) => setV({ ...v, notes: e.target.value })} />}
      </Field>
      <SubmitButton pending={submit.pending} label={t('followUps.save')} />
    </form>
  );
}
