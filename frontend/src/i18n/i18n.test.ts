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

// A plural family is one string in the forms its language's plural rules name (key_one,
// key_other; in Arabic also _zero, _two, _few, _many): languages differ in the forms, not in
// the strings.
const PLURAL = /_(zero|one|two|few|many|other)$/;
const family = (k: string) => k.replace(PLURAL, '');
const strings = (o: object) => [...new Set(keys(o).map(family))];

describe('dictionaries', () => {
  it('French and Arabic translate every English string', () => {
    // Indicator definitions are translated in French and Arabic only: English shows the API's
    // own text (domain.Indicators), so there is no English copy to drift from it.
    const translatedOnly = (k: string) => k.startsWith('catalogue.indicatorDefinition.');
    const want = strings(en).sort();
    expect(strings(fr).filter((k) => !translatedOnly(k)).sort()).toEqual(want);
    expect(strings(ar).filter((k) => !translatedOnly(k)).sort()).toEqual(want);
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
      for (const k of Object.keys(e)) {
        if (!PLURAL.test(k)) expect(ph(other[k] ?? ''), k).toEqual(ph(e[k] ?? ''));
        else if (k.endsWith('_other')) {
          // A plural family: every form says at most what the English "other" form says (the
          // form for one may write "one month" instead of the number).
          const allowed = ph(e[k] ?? '');
          for (const form of Object.keys(other).filter((x) => family(x) === family(k)))
            for (const p of ph(other[form] ?? '')) expect(allowed, form).toContain(p);
        }
      }
    }
  });

  it('give every plural family exactly the forms its language’s plural rules use', () => {
    for (const [lng, dict] of [['en', en], ['fr', fr], ['ar', ar]] as const) {
      const want = [...new Intl.PluralRules(lng).resolvedOptions().pluralCategories].sort();
      const forms = new Map<string, string[]>();
      for (const k of keys(dict)) {
        const m = PLURAL.exec(k);
        if (m) forms.set(family(k), [...(forms.get(family(k)) ?? []), m[1] ?? '']);
      }
      expect(forms.size, lng).toBeGreaterThan(0);
      for (const [f, got] of forms) expect(got.sort(), `${lng} ${f}`).toEqual(want);
    }
  });
});

// Trial 16, M11: "12 أشهر", "24 أشهر" must read "12 شهرًا", "24 شهرًا": in Arabic a number from 11
// to 99 takes the singular noun in the accusative, 3 to 10 the plural, 100 the singular.
describe('Arabic counted nouns', () => {
  const t = setupI18n('ar').getFixedT('ar');
  const counts = [1, 2, 3, 11, 12, 100];
  it('follow the plural rules in every string that counts months, days, people, minutes or sessions', () => {
    expect(counts.map((n) => t('followUps.months_n', { months: String(n) }))).toEqual([
      'شهر واحد',
      'شهرين',
      '3 أشهر',
      '11 شهرًا',
      '12 شهرًا',
      '100 شهر',
    ]);
    expect(t('followUps.pointLabel', { months: '24', due: '9 أكتوبر 2026' })).toBe('24 شهرًا، مستحقة في 9 أكتوبر 2026');
    expect(counts.map((n) => t('tasks.kind.follow_up_due', { months: String(n), due: 'D' }))).toEqual([
      'متابعة شهر واحد مستحقة في D',
      'متابعة شهرين مستحقة في D',
      'متابعة 3 أشهر مستحقة في D',
      'متابعة 11 شهرًا مستحقة في D',
      'متابعة 12 شهرًا مستحقة في D',
      'متابعة 100 شهر مستحقة في D',
    ]);
    expect(counts.map((n) => t('tasks.kind.decision_waiting', { what: 'W', days: String(n) }))).toEqual([
      'W: بانتظار قرار منذ يوم واحد',
      'W: بانتظار قرار منذ يومين',
      'W: بانتظار قرار منذ 3 أيام',
      'W: بانتظار قرار منذ 11 يومًا',
      'W: بانتظار قرار منذ 12 يومًا',
      'W: بانتظار قرار منذ 100 يوم',
    ]);
    expect(counts.map((n) => t('session.endsSoon', { count: n }))).toEqual([
      'تنتهي جلستك خلال دقيقة واحدة',
      'تنتهي جلستك خلال دقيقتين',
      'تنتهي جلستك خلال 3 دقائق',
      'تنتهي جلستك خلال 11 دقيقة',
      'تنتهي جلستك خلال 12 دقيقة',
      'تنتهي جلستك خلال 100 دقيقة',
    ]);
    expect(counts.map((n) => t('summary.sessions', { count: n }))).toEqual([
      'آخر جلسة',
      'آخر جلستين',
      'آخر 3 جلسات',
      'آخر 11 جلسة',
      'آخر 12 جلسة',
      'آخر 100 جلسة',
    ]);
    expect(counts.map((n) => t('statistics.suppressedNote', { minPeople: String(n) }).split('،')[0])).toEqual([
      'غير منشور: معدل أو وسيط لأقل من شخص واحد',
      'غير منشور: معدل أو وسيط لأقل من شخصين',
      'غير منشور: معدل أو وسيط لأقل من 3 أشخاص',
      'غير منشور: معدل أو وسيط لأقل من 11 شخصًا',
      'غير منشور: معدل أو وسيط لأقل من 12 شخصًا',
      'غير منشور: معدل أو وسيط لأقل من 100 شخص',
    ]);
    expect(t('progress.levelOf', { level: '40 %', n: '12' })).toBe('40 % (12 بندًا مقيَّمًا)');
  });

  it('leaves no Arabic string counting with a bare number before a noun', () => {
    // A number placeholder straight before an Arabic word is a count the plural rules must
    // see; labels ("الشهر 12", "النسخة 3") put the word first, and nested counts are fine.
    // Not counts of a noun: "3 بانتظار القرار" (3 waiting for a decision) and "الشهر 12 في …"
    // (month 12 on a date).
    const notCounts = new Set(['nav.waiting', 'timeline.handoverFollowUp']);
    type Tree = { [k: string]: Tree | string };
    const bare: string[] = [];
    const walk = (o: Tree, path: string) => {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v !== 'string') walk(v, `${path}${k}.`);
        else if (PLURAL.test(k) || notCounts.has(`${path}${k}`)) continue;
        else if (/{{(count|days|months|people|minPeople|lag)}} [\u0621-\u064A]/.test(v.replace(/\$t\([^)]*\)/g, ''))) bare.push(`${path}${k}`);
      }
    };
    walk(ar as Tree, '');
    expect(bare).toEqual([]);
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

// French typography: a (narrow) no-break space before « : », « ; », « ? », « ! » and inside
// « », so the mark never starts a line and reads as French ("Compte :", not "Compte:"); and
// no "de" before a name, which may begin with a vowel ("de Arcadia"): the name stands after
// a colon, a dash or an arrow. The practice titles (catalogue.practice.*) are the lead's.
describe('French typography', () => {
  type Tree = { [k: string]: Tree | string };
  const flat = (o: Tree, path = ''): [string, string][] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[`${path}${k}`, v] as [string, string]] : flat(v, `${path}${k}.`)));
  const french = flat(fr as Tree).filter(([k]) => !k.startsWith('catalogue.practice.'));
  // Interpolations, nested counts and addresses are not French text.
  const prose = (s: string) =>
    s
      .replace(/\$t\([^)]*\)/g, 'X')
      .replace(/{{\w+}}/g, 'X')
      .replace(/https?:\/\/\S+/g, '');

  it('puts a no-break space before : ; ? ! and inside « »', () => {
    const bad = french.filter(([, v]) => {
      const s = prose(v);
      return /[^\u00a0\u202f][:;?!]/.test(s) || /«[^\u00a0\u202f]|[^\u00a0\u202f]»/.test(s);
    });
    expect(bad.map(([k]) => k)).toEqual([]);
  });

  it('writes no "de" before a name or a phase', () => {
    const bad = french.filter(([, v]) => /\b[Dd]e {{(name|username|target|from|to|facility|phase)}}/.test(v));
    expect(bad.map(([k]) => k)).toEqual([]);
  });
});

