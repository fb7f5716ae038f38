import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { listCaseTransfers, requestTransfer } from '../../api/cases';
import type { TransferRequest } from '../../api/types';
import { today } from '../../forms/dates';
import { Field } from '../../forms/Field';
import { FormStatus } from '../../forms/FormStatus';
import { fieldMessage } from '../../forms/problems';
import { SubmitButton } from '../../forms/SubmitButton';
import { useSubmit } from '../../forms/useSubmit';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/useLoad';
import { useOrganisation } from '../useOrganisation';
import { useCase } from './CaseContext';
import { Saved } from './Saved';

/** Transfers of the case between facilities of its country: the history (with the handover
 * each accepted one carried) and the request, which a supervisor of the receiving facility
 * accepts or declines. */
export function TransferTab() {
  const { t } = useTranslation();
  const { c, reload } = useCase();
  const list = useLoad((s) => listCaseTransfers(c.id, s), [c.id, c.version]);
  const [saved, setSaved] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  const pending = items.find((x) => x.status === 'pending');
  return (
    <section aria-labelledby="tab-transfer" className="tab">
      <h2 id="tab-transfer">{t('workspace.tab.transfer')}</h2>
      <Saved message={saved} />
      <LoadState loading={list.loading && !list.data} error={list.error} onRetry={list.reload} />
      {list.data && items.length === 0 && <p>{t('transfer.none')}</p>}
      {items.length > 0 && (
        <table className="table" data-testid="transfers">
          <caption className="visually-hidden">{t('transfer.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('transfer.requestedAt')}</th>
              <th scope="col">{t('transfer.fromTo')}</th>
              <th scope="col">{t('transfer.on')}</th>
              <th scope="col">{t('transfer.reason')}</th>
              <th scope="col">{t('transfer.status')}</th>
              <th scope="col">{t('transfer.handover')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((x) => (
              <tr key={x.id}>
                <td>{x.requested_at.slice(0, 10)}</td>
                <td>{t('transfer.fromToValue', { from: x.from_facility, to: x.to_facility })}</td>
                <td>{x.transfer_on}</td>
                <td>{x.reason}</td>
                <td>
                  {t(`transferStatus.${x.status}`)}
                  {x.comment && ` — ${x.comment}`}
                </td>
                <td>{x.handover?.summary ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pending && <p className="notice">{t('transfer.pending', { to: pending.to_facility })}</p>}
      {c.phase !== 'closed' && list.data && !pending && (
        <TransferForm
          key={c.version}
          onSaved={(to) => {
            setSaved(t('transfer.requested', { to }));
            reload();
          }}
        />
      )}
    </section>
  );
}

function TransferForm({ onSaved }: { onSaved(to: string): void }) {
  const { t } = useTranslation();
  const { c, etag, reload } = useCase();
  const org = useOrganisation();
  const submit = useSubmit();
  const [v, setV] = useState<TransferRequest>({ to_facility_id: '', reason: '', transfer_on: today() });
  const err = (p: string) => fieldMessage(submit.failure, p);
  const facilities = org.facilities.filter((f) => f.country === c.country && f.id !== c.facility_id);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const res = await submit.run({ ...v, reason: v.reason.trim() }, (b, key) => requestTransfer(c.id, etag, b as unknown as TransferRequest, key));
    if (res) onSaved(res.data.to_facility);
  }
  return (
    <form className="form card" noValidate onSubmit={onSubmit} aria-labelledby="transfer-form-title">
      <h3 id="transfer-form-title">{t('transfer.request')}</h3>
      <p className="field__hint">{t('transfer.requestHint')}</p>
      <FormStatus submit={submit} onReload={() => { submit.reset(); reload(); }} />
      <Field label={t('transfer.to')} error={err('to_facility_id')}>
        {(p) => (
          <select {...p} className="input" value={v.to_facility_id} onChange={(e) => setV({ ...v, to_facility_id: e.target.value })}>
            <option value="">{t('forms.choose')}</option>
            {facilities.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('transfer.on')} error={err('transfer_on')}>
        {(p) => <input {...p} type="date" className="input input--date" value={v.transfer_on} onChange={(e) => setV({ ...v, transfer_on: e.target.value })} />}
      </Field>
      <Field label={t('transfer.reason')} hint={t('forms.noIdentifiersHint')} error={err('reason')}>
        {(p) => <textarea {...p} className="input" rows={3} value={v.reason} onChange={(e) => setV({ ...v, reason: e.target.value })} />}
      </Field>
      <SubmitButton pending={submit.pending} label={t('transfer.submit')} />
    </form>
  );
}
