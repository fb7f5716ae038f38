import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { messageText } from './message';
import type { Submit } from './useSubmit';

/** The message at the top of a form after a refused write, moved into focus so keyboard and
 * screen-reader users learn of it at once. Also offers the identifier confirmation, with
 * the text the server's screen flagged quoted so the user can judge it, and, for 412, a
 * way to reload what someone else changed. */
export function FormStatus({ submit, onReload }: { submit: Submit; onReload?: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const ackId = useId();
  const { failure, flagged, findings, acknowledged, setAcknowledged } = submit;
  const quoted = flagged.flatMap((path) => findings[path] ?? []);
  useEffect(() => {
    if (failure) ref.current?.focus();
  }, [failure]);
  return (
    <>
      <div ref={ref} tabIndex={-1} role="alert" className={failure?.form ? 'form-error' : 'form-error form-error--empty'}>
        {failure?.form && <p>{t(failure.form.key, failure.form.values ?? {})}</p>}
        {failure && Object.keys(failure.fields).length > 0 && (
          <ul>
            {Object.entries(failure.fields).map(([path, m]) => (
              <li key={path}>
                <code>{path}</code>: {messageText(t, m)}
              </li>
            ))}
          </ul>
        )}
        {failure?.status === 412 && onReload && (
          <button type="button" className="button" onClick={onReload}>
            {t('forms.reload')}
          </button>
        )}
      </div>
      {flagged.length > 0 && (
        <div className="identifier-warning">
          <p>{t('forms.identifierWarning')}</p>
          {quoted.length > 0 && (
            <>
              <p className="identifier-warning__lead">{t('forms.identifierQuotes')}</p>
              <ul className="identifier-findings">
                {quoted.map((f, i) => (
                  <li key={i}>
                    <q>
                      <bdi>{f.text}</bdi>
                    </q>{' '}
                    ({t(`forms.identifierKind.${f.kind}`, { defaultValue: f.kind })})
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="checkbox">
            <input
              id={ackId}
              type="checkbox"
              checked={acknowledged}
              onChange={(e) => setAcknowledged(e.target.checked)}
            />
            <label htmlFor={ackId}>{t('forms.acknowledge')}</label>
          </div>
        </div>
      )}
    </>
  );
}
