import { describe, expect, it } from 'vitest';
import en from './en.json';
import fr from './fr.json';
import ar from './ar.json';
import { setupI18n } from './index';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('dictionaries', () => {
  it('French and Arabic translate every English string', () => {
    // Indicator definitions are translated in French and Arabic only: English shows the API's
    // own text (domain.Indicators), so there is no English copy to drift from it.
    const translatedOnly = (k: string) => k.startsWith('catalogue.indicatorDefinition.');
    const want = keys(en).sort();
    expect(keys(fr).filter((k) => !translatedOnly(k)).sort()).toEqual(want);
    expect(keys(ar).filter((k) => !translatedOnly(k)).sort()).toEqual(want);
    // …and both translate the same definitions.
    expect(keys(fr).filter(translatedOnly).sort()).toEqual(keys(ar).filter(translatedOnly).sort());
  });
  it('keep the same interpolation placeholders', () => {
    const ph = (s: string) => (s.match(/{{\w+}}/g) ?? []).sort();
    type Tree = { [k: string]: Tree | string };
    const lookup = (o: Tree, k: string) => k.split('.').reduce<Tree | string>((a, p) => (a as Tree)[p] ?? '', o);
    const flat = (o: Tree): Record<string, string> => Object.fromEntries(keys(o).map((k) => [k, String(lookup(o, k))]));
    const e = flat(en);
    for (const other of [flat(fr), flat(ar)]) {
      for (const k of Object.keys(e)) expect(ph(other[k] ?? ''), k).toEqual(ph(e[k] ?? ''));
    }
  });
});

describe('document language', () => {
  it('sets lang and dir on <html>, right-to-left for Arabic', async () => {
    const i18n = setupI18n('en');
    expect(document.documentElement.lang).toBe('en');
    expect(document.documentElement.dir).toBe('ltr');
    await i18n.changeLanguage('ar');
    expect(document.documentElement.lang).toBe('ar');
    expect(document.documentElement.dir).toBe('rtl');
    await i18n.changeLanguage('fr');
    expect(document.documentElement.dir).toBe('ltr');
    expect(i18n.t('signIn.title')).toBe('Connexion');
  });
});
