import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import fr from './fr.json';
import ar from './ar.json';
import { directionOf, initialLanguage } from './languages';

/** Keeps <html lang dir> in step with the language, so screen readers and RTL layout follow. */
export function applyDocumentLanguage(code: string): void {
  const html = document.documentElement;
  html.lang = code;
  html.dir = directionOf(code);
}

export function setupI18n(lng: string = initialLanguage()) {
  if (!i18n.isInitialized) {
    i18n.on('languageChanged', applyDocumentLanguage);
    void i18n.use(initReactI18next).init({
      resources: { en: { translation: en }, fr: { translation: fr }, ar: { translation: ar } },
      lng,
      fallbackLng: 'en',
      supportedLngs: ['en', 'fr', 'ar'],
      // React escapes output itself.
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
    });
  } else if (i18n.language !== lng) {
    void i18n.changeLanguage(lng);
  }
  applyDocumentLanguage(lng);
  return i18n;
}

export default i18n;
