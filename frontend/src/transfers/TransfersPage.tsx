import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { acceptTransfer, declineTransfer, listStaff, listTransfers } from '../api/cases';
import type { Discipline, Transfer } from '../api/types';
import { DISCIPLINES } from '../cases/workspace/TeamTab';
import { Field } from '../forms/Field';
import { FormStatus } from '../forms/FormStatus';
import { fieldMessage } from '../forms/problems';
import { SubmitButton } from '../forms/SubmitButton';
import { useSubmit } from '../forms/useSubmit';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { LoadState } from '../ui/LoadState';
import { LoadMore } from '../ui/LoadMore';
import { useLoad } from '../ui/useLoad';
import { usePaged } from '../ui/usePaged';

/** Transfers waiting for a decision at the facilities the supervisor covers: each is accepted
 * with the case's new team there, or declined with the reason. */
export function TransfersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.transfers'));
  const list = usePaged((cursor, s) => listTransfers('incoming', cursor, s), 'incoming');
  const [saved, setSaved] = useState<string | null>(null);
  const items = list.items;
  return (
    <div className="page">
      <h1 tabIndex={-1}>{t('nav.transfers')}</h1>
      <p>{t('transfers.intro')}</p>
      <p role="status">{saved}</p>
      <LoadState loading={list.loading && items.length === 0} error={list.error} onRetry={list.reload} />
      {!list.loading && !list.error && items.length === 0 && <p>{t('transfers.none')}</p>}
      <ul className="list" data-testid="incoming-transfers">
        {items.map((x) => (
          <li key={x.id} className="card">
            <IncomingTransfer
              transfer={x}
              onDone={(msg) => {
                setSaved(msg);
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

function IncomingTransfer({ transfer: x, onDone }: { transfer: Transfer; onDone(msg: string): void }) {
  const { t } = useTranslation();
  const staff = useLoad((s) => listStaff(x.to_facility_id, s), [x.to_facility_id]);
  const accept = useSubmit();
  const decline = useSubmit();
  const [manager, setManager] = useState('');
  const [second, setSecond] = useState('');
  const [discipline, setDiscipline] = useState<Discipline>('psychologist');
  const [comment, setComment] = useState('');
  const heading = t('transfers.heading', { pseudonym: x.pseudonym, from: x.from_facility, to: x.to_facility });
  const headingId = `transfer-${x.id}`;
  async function onAccept(e: FormEvent) {
    e.preventDefault();
    const members = [{ user_id: manager, discipline: 'case_manager' as Discipline }, ...(second && second !== manager ? [{ user_id: second, discipline }] : [])];
    const body = { case_manager_id: manager, members, ...(comment.trim() ? { comment: comment.trim() } : {}) };
    const ok = await accept.run(body, (b, key) => acceptTransfer(x.id, b as typeof body, key));
    if (ok) onDone(t('transfers.accepted', { pseudonym: x.pseudonym }));
  }
  async function onDecline() {
    const ok = await decline.run({ comment: comment.trim() }, (b, key) => declineTransfer(x.id, (b as { comment: string }).comment, key));
    if (ok) onDone(t('transfers.declined', { pseudonym: x.pseudonym }));
  }
  const people = staff.data?.items ?? [];
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <dl className="facts facts--inline">
        <div>
          <dt>{t('cases.phase')}</dt>
          <dd>{t(`phase.${x.case_phase}`)}</dd>
        </div>
        <div>
          <dt>{t('transfer.on')}</dt>
          <dd>{x.transfer_on}</dd>
        </div>
        <div>
          <dt>{t('transfers.requestedBy')}</dt>
          <dd>{x.requested_by}</dd>
        </div>
      </dl>
      <p>{t('transfers.reasonGiven', { reason: x.reason })}</p>
      <form className="form" noValidate onSubmit={onAccept} aria-labelledby={headingId}>
        {decline.failure ? <FormStatus submit={decline} /> : <FormStatus submit={accept} />}
        <LoadState loading={staff.loading && !staff.data} error={staff.error} onRetry={staff.reload} />
        <Field label={t('transfers.manager', { pseudonym: x.pseudonym })} error={fieldMessage(accept.failure, 'case_manager_id', 'members[0].user_id')}>
          {(p) => (
            <select {...p} className="input" value={manager} onChange={(e) => setManager(e.target.value)}>
              <option value="">{t('forms.choose')}</option>
              {people.map((u) => (
                <option key={u.id} value={u.id}>
                  {`${u.display_name || u.username} (${u.username})`}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('transfers.second', { pseudonym: x.pseudonym })} error={fieldMessage(accept.failure, 'members[1].user_id')}>
          {(p) => (
            <select {...p} className="input" value={second} onChange={(e) => setSecond(e.target.value)}>
              <option value="">{t('transfers.nobody')}</option>
              {people
                .filter((u) => u.id !== manager)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {`${u.display_name || u.username} (${u.username})`}
                  </option>
                ))}
            </select>
          )}
        </Field>
        {second && (
          <Field label={t('transfers.secondDiscipline', { pseudonym: x.pseudonym })}>
            {(p) => (
              <select {...p} className="input" value={discipline} onChange={(e) => setDiscipline(e.target.value as Discipline)}>
                {DISCIPLINES.filter((d) => d !== 'case_manager').map((d) => (
                  <option key={d} value={d}>
                    {t(`discipline.${d}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('transfers.comment', { pseudonym: x.pseudonym })} hint={t('transfers.commentHint')} error={fieldMessage(decline.failure, 'comment')}>
          {(p) => <textarea {...p} className="input" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />}
        </Field>
        <SubmitButton pending={accept.pending} label={t('transfers.accept', { pseudonym: x.pseudonym })} />{' '}
        <button type="button" className="button" disabled={decline.pending} onClick={onDecline}>
          {t('transfers.decline', { pseudonym: x.pseudonym })}
        </button>
      </form>
    </section>
  );
}
