import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';

/** Who decided a request and what they said, as the requester reads it on the record. Shows
 * nothing before a decision. */
export function Decision({ by, comment, at }: { by?: string | null; comment?: string | null; at?: string | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!by) return null;
  return (
    <div className="decision" data-testid="decision">
      <p className="muted">{at ? t('decision.byOn', { by, on: f.date(at) }) : t('decision.by', { by })}</p>
      {comment && (
        <blockquote className="task__comment" dir="auto">
          <span className="visually-hidden">
            {t('decision.comment')}
            {t('punctuation.colon')}{' '}
          </span>
          {comment}
        </blockquote>
      )}
    </div>
  );
}
