import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A secret shown once (an API token, a set-password code), with a copy button and when it
 * expires. It takes focus when it appears, so keyboard and screen-reader users land on it. */
export function SecretNotice({
  label,
  secret,
  warning,
  expires,
  testId,
}: {
  label: string;
  secret: string;
  warning: string;
  expires?: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    ref.current?.focus();
  }, [secret]);
  return (
    <div ref={ref} tabIndex={-1} className="secret" role="region" aria-label={label}>
      <p className="form-error">{warning}</p>
      <p>
        <code data-testid={testId}>{secret}</code>
      </p>
      <button
        type="button"
        className="button"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(secret);
            setCopied(true);
          } catch {
            setCopied(false);
          }
        }}
      >
        {t('admin.copy')}
      </button>
      <span role="status">{copied ? ` ${t('admin.copied')}` : ''}</span>
      {expires && <p className="muted">{expires}</p>}
    </div>
  );
}

/** The date and time of an RFC 3339 instant, in the browser's time zone, for expiries. */
export function formatInstant(iso: string | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
}
