import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n/labels';
import { claimMilestone, lapseMilestone, listMilestones } from '../../api/records';
import type { Milestone, MilestoneLapseRequest, MilestoneRequest } from '../../api/types';
import { today } from '../../forms/dates';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { fieldMessage } from '../../forms/problems';
import { SubmitButton } from '../../forms/SubmitButton';
import { useSubmit } from '../../forms/useSubmit';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { useFormat } from '../../i18n/format';
import { Decision } from '../../ui/Decision';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { useCase } from './CaseContext';
import { Saved } from './Saved';
import { useMilestoneDefinitions } from './useCatalogue';

export function MilestonesTab() {
  const { t } = useTranslation();
  const { c, reload } = useCase();
  const defs = useMilestoneDefinitions();
  const l = useLoad((s) => listMilestones(c.id, s), [c.id, c.version]);
  const [saved, setSaved] = useState<string | null>(null);
  const [lapsing, setLapsing] = useState<Milestone | null>(null);
  const { label } = useLabels();
  const name = (code: string) => label('milestone', code, defs.find((d) => d.code === code)?.name);
  const f = useFormat();
  const done = (msg: string) => {
    setSaved(msg);
    setLapsing(null);
    reload();
  };
  return (
    <section aria-labelledby="tab-milestones" className="tab">
      <h2 id="tab-milestones">{t('workspace.tab.milestones')}</h2>
      <Saved message={saved} />
      <LoadState loading={l.loading && !l.data} error={l.error} onRetry={l.reload} />
      {l.data?.items.length === 0 && <p>{t('workspace.empty')}</p>}
      {!!l.data?.items.length && (
        <table className="table" data-testid="milestones">
          <caption className="visually-hidden">{t('workspace.tab.milestones')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('milestones.achievedOn')}</th>
              <th scope="col">{t('milestones.definition')}</th>
              <th scope="col">{t('milestones.evidence')}</th>
              <th scope="col">{t('milestones.status')}</th>
              <th scope="col">{t('milestones.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {l.data.items.map((m) => (
              <tr key={m.id}>
                <td>{f.date(m.achieved_on)}</td>
                <td>{name(m.definition_code)}</td>
                <td dir="auto" className="prose">
                  {m.evidence}
                </td>
                <td>
                  {t(`milestoneStatus.${m.status}`)}
                  {m.lapse_reason && (
                    <>
                      {' — '}
                      <bdi>{m.lapse_reason}</bdi>
                    </>
                  )}
                  <Decision by={m.decided_by} comment={m.decision_comment} at={m.decided_at} />
                </td>
                <td>
                  {m.status === 'verified' && (
                    <button type="button" className="button button--small" onClick={() => setLapsing(m)}>
                      {t('milestones.lapse')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lapsing && <LapseForm caseId={c.id} m={lapsing} name={name(lapsing.definition_code)} onDone={done} onCancel={() => setLapsing(null)} />}
      {c.phase !== 'closed' && <ClaimForm caseId={c.id} onDone={done} />}
    </section>
  );
}

function ClaimForm({ caseId, onDone }: { caseId: string; onDone(msg: string): void }) {
  const { t } = useTranslation();
  const { label } = useLabels();
  const defs = useMilestoneDefinitions().filter((d) => !d.retired_at);
  const submit = useSubmit();
  const [v, setV] = useState({ definition_code: '', achieved_on: today(), evidence: '' });
  const err = (p: string) => fieldMessage(submit.failure, p);
  // A claim goes out only through the confirmation below, never on Enter in a field.
  const onSubmit = (e: FormEvent) => e.preventDefault();
  async function claim() {
    const ok = await submit.run({ ...v }, (b, key) => claimMilestone(caseId, b as unknown as MilestoneRequest, key));
    if (ok) {
      setV({ definition_code: '', achieved_on: today(), evidence: '' });
      onDone(ok.status === 'verified' ? t('milestones.verified') : t('milestones.claimed'));
    }
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="claim-title">
      <h3 id="claim-title">{t('milestones.claim')}</h3>
      <FormStatus submit={submit} />
      <Field label={t('milestones.definition')} error={err('definition_code')}>
        {(p) => (
          <select {...p} className="input" value={v.definition_code} onChange={(e) => setV({ ...v, definition_code: e.target.value })}>
            <option value="">{t('forms.choose')}</option>
            {defs.map((d) => (
              <option key={d.code} value={d.code}>
                {`${label('milestone', d.code, d.name)} (${t(`milestoneDomain.${d.domain}`)})`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('milestones.achievedOn')} error={err('achieved_on')}>
        {(p) => <input {...p} type="date" className="input input--date" value={v.achieved_on} onChange={(e) => setV({ ...v, achieved_on: e.target.value })} />}
      </Field>
      <Field label={t('milestones.evidence')} hint={t('forms.noIdentifiersHint')} error={err('evidence')}>
        {(p) => <textarea {...p} className="input" rows={3} value={v.evidence} onChange={(e) => setV({ ...v, evidence: e.target.value })} />}
      </Field>
      <div className="actions">
        <ConfirmButton
          className="button button--primary"
          label={submit.pending ? t('forms.saving') : t('milestones.claim')}
          question={t('confirm.claimMilestone')}
          action={t('confirm.claimVerb')}
          disabled={submit.pending}
          onConfirm={() => void claim()}
        />
      </div>
    </form>
  );
}

function LapseForm({ caseId, m, name, onDone, onCancel }: { caseId: string; m: Milestone; name: string; onDone(msg: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [v, setV] = useState<MilestoneLapseRequest>({ status: 'lapsed', reason: '', on: today() });
  const err = (p: string) => fieldMessage(submit.failure, p);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const ok = await submit.run({ ...v }, (b) => lapseMilestone(caseId, m.id, b as unknown as MilestoneLapseRequest));
    if (ok) onDone(t('milestones.lapsed'));
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="lapse-title">
      <h3 id="lapse-title">{t('milestones.lapseTitle', { name })}</h3>
      <FormStatus submit={submit} />
      <Field label={t('milestones.lapseKind')} error={err('status')}>
        {(p) => (
          <select {...p} className="input" value={v.status} onChange={(e) => setV({ ...v, status: e.target.value as MilestoneLapseRequest['status'] })}>
            <option value="lapsed">{t('milestoneStatus.lapsed')}</option>
            <option value="reversed">{t('milestoneStatus.reversed')}</option>
          </select>
        )}
      </Field>
      <Field label={t('milestones.lapseOn')} error={err('on')}>
        {(p) => <input {...p} type="date" className="input input--date" value={v.on} onChange={(e) => setV({ ...v, on: e.target.value })} />}
      </Field>
      <Field label={t('milestones.reason')} hint={t('forms.noIdentifiersHint')} error={err('reason')}>
        {(p) => <textarea {...p} className="input" rows={2} value={v.reason} onChange={(e) => setV({ ...v, reason: e.target.value })} />}
      </Field>
      <div className="actions">
        <SubmitButton pending={submit.pending} label={t('milestones.lapseSave')} />
        <button type="button" className="button" onClick={onCancel}>
          {t('forms.cancel')}
        </button>
      </div>
    </form>
  );
}
