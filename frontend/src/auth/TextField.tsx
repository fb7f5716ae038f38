import { useId, type InputHTMLAttributes } from 'react';

type NativeProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'>;

interface Props extends NativeProps {
  name: string;
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
  /** A message already translated; ties itself to the input with aria-describedby. */
  error?: string | false | undefined;
  inputRef?: (el: HTMLInputElement | null) => void;
}

export function TextField({ name, label, value, onChange, hint, error, inputRef, className, ...rest }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
      <input
        {...rest}
        id={id}
        name={name}
        ref={inputRef}
        className={className ? `input ${className}` : 'input'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}
