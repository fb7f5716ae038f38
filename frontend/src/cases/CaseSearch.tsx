import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** Find a case by pseudonym. The text goes to the server as typed: it tolerates lower case,
 * a missing "PW-" and a missing or wrong check character, and searches only the caseload. */
export function CaseSearch({ value, onSearch, invalid }: { value?: string | undefined; onSearch(q: string | undefined): void; invalid: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value ?? '');
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(text.trim() || undefined);
  };
  return (
    <form className="case-search" role="search" aria-label={t('cases.search')} onSubmit={submit}>
      <label htmlFor={id}>{t('cases.search')}</label>
      <p id={`${id}-hint`} className="field__hint">
        {t('cases.searchHint')}
      </p>
      {invalid && (
        <p id={`${id}-error`} className="field__error" role="alert">
          {t('cases.searchInvalid')}
        </p>
      )}
      <div className="case-search__row">
        <input
          id={id}
          type="search"
          className="input"
          value={text}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-hint${invalid ? ` ${id}-error` : ''}`}
          aria-invalid={invalid || undefined}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button">
          {t('cases.find')}
        </button>
        {value && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setText('');
              onSearch(undefined);
            }}
          >
            {t('cases.clearSearch')}
          </button>
        )}
      </div>
    </form>
  );
}
