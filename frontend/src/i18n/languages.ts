// The languages the UI ships, each named in itself so a reader can find their own.
export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

export function isLanguage(code: string | null | undefined): code is LanguageCode {
  return LANGUAGES.some((l) => l.code === code);
}

export function directionOf(code: string): 'ltr' | 'rtl' {
  return LANGUAGES.find((l) => l.code === code)?.dir ?? 'ltr';
}

const STORE_KEY = 'pathways.lang';

/** The saved choice, else the browser's first supported language, else English. */
export function initialLanguage(): LanguageCode {
  try {
    const saved = window.localStorage.getItem(STORE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // storage disabled: fall through to the browser's languages
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag?.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

// A language chosen on the sign-in page, before signing in, during this page view: the person
// about to sign in chose it (not the one who used the computer before), so it becomes theirs.
let chosenSignedOut: LanguageCode | null = null;

/** Notes a choice made while nobody is signed in (the sign-in page). */
export function noteSignedOutChoice(code: LanguageCode): void {
  chosenSignedOut = code;
}

/** The language chosen on the sign-in page since it opened, once: signing in takes it. */
export function takeSignedOutChoice(): LanguageCode | null {
  const c = chosenSignedOut;
  chosenSignedOut = null;
  return c;
}

export function saveLanguage(code: LanguageCode): void {
  try {
    window.localStorage.setItem(STORE_KEY, code);
  } catch {
    // not saved; the choice still holds for this page
  }
}
