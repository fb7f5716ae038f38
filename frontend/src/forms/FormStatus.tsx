import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Submit } from './useSubmit';

/** The message at the top of a form after a refused write, moved into focus so keyboard and
 * screen-reader users learn of it at once. Also offers the identifier confirmation and, for
 * 412, a way to reload what someone else changed. */
export function FormStatus({ submit, onReload }: { submit: Submit; onReload?: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const ackId = useId();
  const { failure, flagged, acknowledged, setAcknowledged } = submit;
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
                <code>{path}</code>: {t(m.key, m.values ?? {})}
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
