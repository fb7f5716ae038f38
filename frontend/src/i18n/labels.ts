import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from './index';

/**
 * Words for the codes the API speaks in. The fixed catalogue that ships with every deployment
 * (intervention types, milestones, memorandum practices, ICCS offence categories, indicators)
 * and the fixed code lists (phases, closure reasons, release types, …) are translated here, in
 * the i18n resources keyed by code, because they are part of the product: one translation
 * reviewed with the interface, in step with its releases, no migration per language.
 * An entry an administrator adds has no key: it is shown under the name the administrator
 * gave it (the API's name or label), in whatever language they wrote it. The code itself is
 * never shown; exports keep it (CSV and SDMX carry codes).
 */
export type CodeKind =
  | 'interventionType'
  | 'milestone'
  | 'practice'
  | 'offence'
  | 'indicator'
  | 'unit'
  | 'closureReason'
  | 'releaseType'
  | 'recallReason'
  | 'legalBasis'
  | 'notReached'
  | 'phase'
  | 'gender'
  | 'category'
  | 'format'
  | 'attendance'
  | 'milestoneDomain'
  | 'occasion'
  | 'overall';

const PREFIX: Record<CodeKind, string> = {
  interventionType: 'catalogue.interventionType',
  milestone: 'catalogue.milestone',
  practice: 'catalogue.practice',
  offence: 'catalogue.offence',
  indicator: 'catalogue.indicator',
  unit: 'catalogue.unit',
  closureReason: 'closure',
  releaseType: 'releaseType',
  recallReason: 'recallReason',
  legalBasis: 'legalBasis',
  notReached: 'notReached',
  phase: 'phase',
  gender: 'gender',
  category: 'category',
  format: 'format',
  attendance: 'attendance',
  milestoneDomain: 'milestoneDomain',
  occasion: 'occasion',
  overall: 'overall',
};

/** Catalogues the API names in English itself (its rows' name or title): in English that
 * name is shown as the API gives it, so a rename by an administrator shows at once. */
const NAMED_BY_API = new Set<CodeKind>(['interventionType', 'milestone', 'practice', 'offence', 'indicator']);

/** A marker no translation holds: t() answers it when the key has none. */
const MISSING = '\u0000missing';

/** The translation under key, else fallback as it is. Names typed by administrators are
 * never handed to t() as its default, which would read "{{…}}" in them as placeholders. */
export function translatedOr(t: TFunction, key: string, fallback: string): string {
  const v = t(key, { defaultValue: MISSING });
  return v === MISSING ? fallback : v;
}

/** The words for a code: its translation, else the name the API gave (an administrator's
 * own entry), else — only when neither exists — a readable form of the code. */
export function labelOf(t: TFunction, kind: CodeKind, code: string, name?: string | null): string {
  if (name && NAMED_BY_API.has(kind) && i18n.language === 'en') return name;
  return translatedOr(t, `${PREFIX[kind]}.${code}`, name || humanise(code));
}

/** "pre_release" → "pre release": the last resort for a code nobody has named. */
export function humanise(code: string): string {
  return code.replace(/[_.]+/g, ' ').trim();
}

/** Statistics dimensions and the kind of code each holds. */
const DIMENSION_KIND: Record<string, CodeKind> = {
  phase: 'phase',
  gender: 'gender',
  category: 'category',
  closure_reason: 'closureReason',
  intervention_type: 'interventionType',
  practice: 'practice',
  milestone: 'milestone',
  legal_basis: 'legalBasis',
  recall_reason: 'recallReason',
};

/** Dimensions whose codes are follow-up answers (followUpValue.<code>). */
const FOLLOW_UP_DIMENSIONS = new Set(['housing', 'work_education', 'family_contact']);

/** The name of a statistics dimension ("Intervention type"). */
export function dimensionName(t: TFunction, dim: string): string {
  return t(`catalogue.dimension.${dim}`, { defaultValue: t(`dimension.${dim}`, { defaultValue: humanise(dim) }) });
}

/** The words for one value of a statistics dimension. `label` is the API's label (a
 * facility's or programme's name, an administrator's catalogue entry). */
export function dimensionValue(t: TFunction, dim: string, code: string, label?: string | null): string {
  if (code === '_T' || code === 'total' || code === 'TOTAL') return t('catalogue.statValue.total');
  if (dim === 'facility' || dim === 'programme' || dim === 'country') return label || code;
  const own = `catalogue.statValue.${dim}.${code}`;
  const kind = DIMENSION_KIND[dim];
  if (kind) return translatedOr(t, own, labelOf(t, kind, code, label));
  if (FOLLOW_UP_DIMENSIONS.has(dim)) return translatedOr(t, own, translatedOr(t, `followUpValue.${code}`, label || humanise(code)));
  if (dim === 'engagement') return translatedOr(t, `engagement.${code}`, code);
  return translatedOr(t, own, label || humanise(code));
}

/** labelOf bound to the current language. */
export function useLabels() {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      label: (kind: CodeKind, code: string, name?: string | null) => labelOf(t, kind, code, name),
      dimensionName: (dim: string) => dimensionName(t, dim),
      dimensionValue: (dim: string, code: string, label?: string | null) => dimensionValue(t, dim, code, label),
    }),
    [t],
  );
}

type InstrumentWords = {
  code: string;
  version: string;
  name: string;
  definition: {
    scale: { labels?: Record<string, string> | null };
    domains: { code: string; name?: string | null; items: { code: string; text?: string | null }[] }[];
  };
};

/** An instrument with its words in the interface language: the name, domains, items and
 * scale points of an instrument that ships with Pathways are translated here like the
 * catalogue (`catalogue.instrument.<code>_v<version>`); in English, and for an instrument
 * an administrator loads, its own words are kept. The codes never change. */
export function localInstrument<I extends InstrumentWords>(t: TFunction, inst: I): I {
  if (i18n.language === 'en') return inst;
  const key = instrumentKey(inst.code, inst.version);
  const word = (part: string, fallback: string) => translatedOr(t, `${key}.${part}`, fallback);
  const labels = inst.definition.scale.labels;
  return {
    ...inst,
    name: word('name', inst.name),
    definition: {
      ...inst.definition,
      scale: {
        ...inst.definition.scale,
        labels: labels && Object.fromEntries(Object.entries(labels).map(([n, l]) => [n, word(`scale.${n}`, l)])),
      },
      domains: inst.definition.domains.map((d) => ({
        ...d,
        name: d.name && word(`domain.${d.code}`, d.name),
        items: d.items.map((it) => ({ ...it, text: it.text && word(`item.${it.code}`, it.text) })),
      })),
    },
  };
}

/** A shipped instrument's name in the interface language (see localInstrument). */
export function instrumentName(t: TFunction, code: string, version: string, name: string): string {
  if (i18n.language === 'en') return name;
  return translatedOr(t, `${instrumentKey(code, version)}.name`, name);
}

/** Where a shipped instrument's words sit in the dictionaries. */
function instrumentKey(code: string, version: string): string {
  return `catalogue.instrument.${code}_v${version}`;
}
