import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A button for a step that cannot be undone (finalise, submit): the first press asks, in
 * place, with the consequence spelled out; only "Yes" runs it. Focus moves to the question and
 * back to the button on cancel, so keyboard and screen-reader users follow. */
export function ConfirmButton({
  label,
  question,
  action,
  onConfirm,
  disabled,
  className = 'button',
  ariaLabel,
}: {
  label: string;
  question: string;
  /** The verb for the "Yes, …" button (e.g. "submit"). */
  action: string;
  onConfirm(): void;
  disabled?: boolean;
  className?: string;
  /** The button's accessible name where the label alone is ambiguous (one per table row). */
  ariaLabel?: string;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const id = useId();
  const question_ = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) question_.current?.focus();
    else if (wasAsking.current) button.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button ref={button} type="button" className={className} aria-label={ariaLabel} aria-disabled={disabled || undefined} onClick={() => !disabled && setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-labelledby={id} ref={question_} tabIndex={-1}>
      <p id={id}>
        {question} {t('confirm.cannotUndo')}
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
        >
          {t('confirm.yes', { action })}
        </button>
        <button type="button" className="button" onClick={() => setAsking(false)}>
          {t('confirm.cancel')}
        </button>
      </div>
    </div>
  );
}
