import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { saveMyLanguage } from '../api/auth';
import { LANGUAGES, isLanguage, noteSignedOutChoice, saveLanguage } from './languages';

/** Chooses the interface language. The browser keeps its last choice (the sign-in page opens
 * in it); when someone is signed in the choice is also kept on their user, so it follows them
 * to their next sign-in on any of a prison's shared computers. */
export function LanguageSwitcher({ signedIn = false }: { signedIn?: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        value={i18n.resolvedLanguage ?? i18n.language}
        onChange={(e) => {
          const code = e.target.value;
          if (!isLanguage(code)) return;
          saveLanguage(code);
          void i18n.changeLanguage(code);
          // Not kept on the user (server unreachable, session ending): the choice still holds
          // in this browser, and the next change tries again.
          if (signedIn) saveMyLanguage(code).catch(() => undefined);
          else noteSignedOutChoice(code);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
