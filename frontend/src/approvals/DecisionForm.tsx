import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { decide } from '../api/cases';
import type { Approval } from '../api/types';
import { Field } from '../forms/Field';
import { FormStatus } from '../forms/FormStatus';
import { useSubmit } from '../forms/useSubmit';

/** Approve (comment optional) or reject (comment required). The server refuses a decision on
 * one's own request with 403 and says so; that message is shown as it comes.
 *
 * The form has no accessible name on purpose: a named form is a landmark, and a queue of them
 * is a page of landmarks that differ only by a word. The buttons are described by the
 * request's heading (describedBy) instead. */
export function DecisionForm({ approval, describedBy, onDecided }: { approval: Approval; describedBy: string; onDecided(msg: string): void }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);

  async function go(decision: 'approve' | 'reject') {
    if (decision === 'reject' && !comment.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const r = await submit.run({ comment: comment.trim() }, (b, key) => decide(approval.id, decision, String(b.comment ?? ''), key));
    if (r) onDecided(t(decision === 'approve' ? 'approvals.approved' : 'approvals.rejected', { pseudonym: approval.pseudonym }));
  }

  return (
    <form
      className="form"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void go('approve');
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
      <div className="actions">
        <button type="submit" className="button button--primary" aria-describedby={describedBy} aria-disabled={submit.pending || undefined}>
          {t('approvals.approve')}
        </button>
        <button
          type="button"
          className="button"
          aria-describedby={describedBy}
          aria-disabled={submit.pending || undefined}
          onClick={() => void go('reject')}
        >
          {t('approvals.reject')}
        </button>
      </div>
    </form>
  );
}
