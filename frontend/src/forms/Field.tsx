import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { messageText } from './message';
import type { Message } from './problems';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/** A labelled control with an optional hint and error, tied to it with aria-describedby.
 * A field in error carries the server's path of its problem (data-field-path), so the
 * summary at the top of the form can name it by its label and move focus to it.
 * The control itself is rendered by `children`, so one frame serves inputs, selects and
 * text areas alike. */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error?: Message | undefined;
  children: (props: ControlProps) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field--error' : 'field'} data-field-path={error?.path}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error">
          {messageText(t, error)}
        </p>
      )}
      {children({ id, 'aria-describedby': describedBy, ...(error ? { 'aria-invalid': true as const } : {}) })}
    </div>
  );
}

/** A group of checkboxes or radios under one legend. */
export function FieldSet({ legend, error, children }: { legend: string; error?: Message | undefined; children: ReactNode }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className={error ? 'fieldset field--error' : 'fieldset'} aria-describedby={error ? id : undefined} data-field-path={error?.path}>
      <legend>{legend}</legend>
      {error && (
        <p id={id} className="field__error">
          {messageText(t, error)}
        </p>
      )}
      {children}
    </fieldset>
  );
}
