import { ApiError } from '../api/client';
import i18n from '../i18n';
import type { FieldProblem, IdentifierFinding } from '../api/types';

/** What a refused write means for a form: messages per field (by the server's field path),
 * which fields were flagged as possibly identifying, and one message for the whole form.
 * Messages are translation keys with values, so the form renders them in the current language. */
export interface Message {
  key: string;
  values?: Record<string, string>;
  /** Text quoted from what the user wrote, to be set in the message's {{quotes}}. */
  quotes?: string[];
  /** Numbers (as the server sent them) to be written in the reader's language. */
  numbers?: Record<string, string>;
  /** Calendar dates (YYYY-MM-DD) to be written in the reader's language. */
  dates?: Record<string, string>;
  /** The server's path of the field the message is about, so the form can mark the field
   * and link the summary to it. */
  path?: string;
}

export interface FormFailure {
  status: number;
  fields: Record<string, Message>;
  /** Paths of free-text fields the server's screening flagged (reason identifier_suspected). */
  identifiers: string[];
  /** What the screening flagged in each of those fields, quoted from the text sent. */
  findings: Record<string, IdentifierFinding[]>;
  form: Message | null;
  /** The server's reason code per field path (e.g. "missing", "aftercare_not_done"), so a
   * form can explain a known rule in the user's language. */
  reasons: Record<string, string>;
  /** 409 at intake: the pseudonym of the open case the same person already has. */
  pseudonym?: string;
  /** 409 at intake: the person is known from closed cases in the caller's scope; their new
   * case is opened as a re-entry for this participant. */
  participantId?: string;
}

/** Reasons whose message needs nothing but the reason (forms.errors.rule.<reason>); the
 * server's detail is English and names the API's fields, so it is never shown. */
const PLAIN_REASONS = new Set([
  'required', 'blank', 'empty', 'oneof', 'uuid', 'unknown', 'unknown_reference', 'unknown_item', 'unknown_phase',
  'duplicate', 'datetime', 'type', 'pattern', 'format', 'control_character', 'nodircontrol', 'deceased', 'iso3166_1_alpha2',
  'future', 'in_future', 'past', 'too_far', 'before_opened', 'before_release', 'before_recall', 'before_consent',
  'before_from', 'after_follow_up', 'not_applicable', 'not_allowed', 'not_for_track', 'not_on_team', 'not_a_member',
  'other_country', 'same_facility', 'several_facilities', 'use_transfer', 'rated_and_not_rated', 'incomplete',
  'not_increasing', 'not_recalled', 'not_open', 'wrong_phase', 'invalid', 'not_for_tokens', 'not_in_scope',
  'taken', 'self', 'too_short', 'reused', 'immutable', 'invalid_range', 'too_wide', 'not_eligible', 'not_present',
]);

/** Size rules from the validator: their message says what is counted (forms.errors.rule.max_text,
 * …_number, …_list) and the bound. */
const SIZE_RULES: Record<string, string> = { min: 'min', gte: 'min', gt: 'min', max: 'max', lte: 'max', lt: 'max', len: 'len' };

/** The message for one per-field problem in the reader's language: chosen by the rule broken
 * (the reason) and worded with its params; never the server's English detail or field name. */
export function ruleMessage(fe: FieldProblem): Message {
  const m = generalMessage(fe);
  // A rule worded for this field (forms.errors.at.<field>.<reason>) wins over the general one.
  const leaf = fe.field.replace(/\[\d+\]/g, '').split('.').pop() ?? '';
  const specific = `forms.errors.at.${leaf}.${fe.reason}`;
  return i18n.exists(specific) ? { ...m, key: specific } : m;
}

function generalMessage(fe: FieldProblem): Message {
  const params = fe.params ?? {};
  const size = SIZE_RULES[fe.reason];
  if (size && params.limit) {
    const measured = params.type === 'text' || params.type === 'list' ? params.type : 'number';
    return { key: `forms.errors.rule.${size}_${measured}`, values: {}, numbers: { limit: params.limit }, path: fe.field };
  }
  if (fe.reason === 'out_of_range') {
    if (params.type === 'date' && params.min) return { key: 'forms.errors.rule.date_min', dates: { date: params.min }, path: fe.field };
    if (params.min && params.max) return { key: 'forms.errors.rule.between', numbers: { min: params.min, max: params.max }, path: fe.field };
    return { key: 'forms.errors.rule.out_of_range', path: fe.field };
  }
  if (fe.reason === 'before_intake') {
    return params.date
      ? { key: 'forms.errors.rule.before_intake_on', dates: { date: params.date }, path: fe.field }
      : { key: 'forms.errors.rule.before_intake', path: fe.field };
  }
  if (PLAIN_REASONS.has(fe.reason)) return { key: `forms.errors.rule.${fe.reason}`, path: fe.field };
  return { key: 'forms.errors.rule.fallback', path: fe.field };
}

export function describeFailure(err: unknown): FormFailure {
  const none: FormFailure = { status: -1, fields: {}, identifiers: [], findings: {}, reasons: {}, form: { key: 'forms.errors.unexpected' } };
  if (!(err instanceof ApiError)) return none;
  const out: FormFailure = { status: err.status, fields: {}, identifiers: [], findings: {}, reasons: {}, form: null };
  for (const fe of err.fieldErrors) {
    const item = fe.params?.item;
    if (item) {
      // One problem per item of an instrument ("ratings" not complete: item M3): each is kept
      // under its own path, ratings[M3], so the form lists every item and marks each one.
      const path = `${fe.field}[${item}]`;
      out.fields[path] = { key: `forms.errors.item.${fe.reason}`, path };
      out.reasons[path] = fe.reason;
      if (!i18n.exists(out.fields[path].key)) out.fields[path] = { ...ruleMessage(fe), path };
      continue;
    }
    if (out.fields[fe.field]) continue;
    out.fields[fe.field] = ruleMessage(fe);
    out.reasons[fe.field] = fe.reason;
    if (fe.reason === 'identifier_suspected') {
      // The warning at the top of the form quotes what was found and explains it, once; the
      // field itself only points there.
      out.identifiers.push(fe.field);
      out.findings[fe.field] = fe.findings ?? [];
      out.fields[fe.field] = { key: 'forms.errors.identifierAtField', path: fe.field };
    }
  }
  switch (err.status) {
    case 0:
      out.form = { key: 'forms.errors.network' };
      break;
    case 403:
      out.form = { key: 'forms.errors.forbidden' };
      break;
    case 404:
      out.form = { key: 'forms.errors.notFound' };
      break;
    case 409: {
      const known = err.problem as { pseudonym?: string; participant_id?: string } | null;
      const pseudonym = known?.pseudonym;
      if (pseudonym && known?.participant_id) {
        out.pseudonym = pseudonym;
        out.participantId = known.participant_id;
        out.form = { key: 'forms.errors.known', values: { pseudonym } };
      } else if (pseudonym) {
        out.pseudonym = pseudonym;
        out.form = { key: 'forms.errors.duplicate', values: { pseudonym } };
      } else out.form = { key: 'forms.errors.conflict' };
      break;
    }
    case 412:
      out.form = { key: 'forms.errors.stale' };
      break;
    case 428:
      out.form = { key: 'forms.errors.preconditionRequired' };
      break;
    case 422:
      if (out.identifiers.length && out.identifiers.length === Object.keys(out.fields).length) out.form = null;
      else if (!Object.keys(out.fields).length) out.form = { key: 'forms.errors.refused' };
      else out.form = { key: 'forms.errors.summary' };
      break;
    case 429:
      out.form = { key: 'forms.errors.throttled' };
      break;
    default:
      out.form = err.status >= 400 && err.status < 500 ? { key: 'forms.errors.refused' } : { key: 'forms.errors.unexpected' };
  }
  return out;
}

/** The message for one field, matching nested paths by their leaf too
 * ("participant.birth_year" is shown at the birth_year input). */
export function fieldMessage(f: FormFailure | null, ...paths: string[]): Message | undefined {
  if (!f) return undefined;
  for (const p of paths) if (f.fields[p]) return f.fields[p];
  return undefined;
}
