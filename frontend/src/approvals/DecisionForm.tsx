import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { decide } from '../api/cases';
import type { Approval } from '../api/types';
import { Field } from '../forms/Field';
import { FormStatus } from '../forms/FormStatus';
import { useSubmit } from '../forms/useSubmit';

type Verdict = 'approve' | 'reject';

/** Approve (comment optional) or reject (comment required), each only after a confirmation
 * that names what is decided and for whom ("Approve the milestone “…” for PW-…?"): a decision
 * cannot be undone. The result names it too. The server refuses a decision on one's own
 * request with 403 and says so; that message is shown as it comes.
 *
 * The form has no accessible name on purpose: a named form is a landmark, and a queue of them
 * is a page of landmarks that differ only by a word. The buttons are described by the
 * request's heading (describedBy) instead.
 *
 * object and subject: what is decided, as the object and as the subject of a sentence (the
 * translations pick the one their grammar needs). */
export function DecisionForm({
  approval,
  describedBy,
  object,
  subject,
  onDecided,
}: {
  approval: Approval;
  describedBy: string;
  object: string;
  subject: string;
  onDecided(msg: string): void;
}) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [asking, setAsking] = useState<Verdict | null>(null);
  const questionId = useId();
  const question = useRef<HTMLDivElement>(null);
  const wasAsking = useRef<Verdict | null>(null);
  const approveButton = useRef<HTMLButtonElement>(null);
  const rejectButton = useRef<HTMLButtonElement>(null);
  const names = { object, subject, pseudonym: approval.pseudonym };

  // Focus goes to the question, and back to the button that asked it on cancel.
  useEffect(() => {
    if (asking) question.current?.focus();
    else if (wasAsking.current) (wasAsking.current === 'approve' ? approveButton : rejectButton).current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  function ask(decision: Verdict) {
    if (submit.pending) return;
    if (decision === 'reject' && !comment.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setAsking(decision);
  }

  async function go(decision: Verdict) {
    wasAsking.current = null;
    setAsking(null);
    const r = await submit.run({ comment: comment.trim() }, (b, key) => decide(approval.id, decision, String(b.comment ?? ''), key));
    if (r) onDecided(t(decision === 'approve' ? 'approvals.approved' : 'approvals.rejected', names));
  }

  return (
    <form
      className="form"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        ask('approve');
      }}
    >
      <FormStatus submit={submit} />
      <Field
        label={t('approvals.comment')}
        hint={t('approvals.commentHint')}
        error={missing ? { key: 'approvals.commentRequired' } : undefined}
      >
        {(p) => <textarea {...p} className="input" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
      {asking ? (
        <div className="confirm" role="group" aria-labelledby={questionId} ref={question} tabIndex={-1}>
          <p id={questionId}>
            {t(asking === 'approve' ? 'approvals.confirmApprove' : 'approvals.confirmReject', names)} {t('confirm.cannotUndo')}
          </p>
          <div className="actions">
            <button type="button" className="button button--primary" onClick={() => void go(asking)}>
              {t('confirm.yes', { action: t(asking === 'approve' ? 'approvals.approveVerb' : 'approvals.rejectVerb') })}
            </button>
            <button type="button" className="button" onClick={() => setAsking(null)}>
              {t('confirm.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button
            ref={approveButton}
            type="submit"
            className="button button--primary"
            aria-describedby={describedBy}
            aria-disabled={submit.pending || undefined}
          >
            {t('approvals.approve')}
          </button>
          <button
            ref={rejectButton}
            type="button"
            className="button"
            aria-describedby={describedBy}
            aria-disabled={submit.pending || undefined}
            onClick={() => ask('reject')}
          >
            {t('approvals.reject')}
          </button>
        </div>
      )}
    </form>
  );
}
