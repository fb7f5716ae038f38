import { ApiError } from '../api/client';
import type { IdentifierFinding } from '../api/types';

/** What a refused write means for a form: messages per field (by the server's field path),
 * which fields were flagged as possibly identifying, and one message for the whole form.
 * Messages are translation keys with values, so the form renders them in the current language. */
export interface Message {
  key: string;
  values?: Record<string, string>;
  /** Text quoted from what the user wrote, to be set in the message's {{quotes}}. */
  quotes?: string[];
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

const REASONS: Record<string, string> = {
  required: 'forms.errors.required',
  identifier_suspected: 'forms.errors.identifier',
};

export function describeFailure(err: unknown): FormFailure {
  const none: FormFailure = { status: -1, fields: {}, identifiers: [], findings: {}, reasons: {}, form: { key: 'forms.errors.unexpected' } };
  if (!(err instanceof ApiError)) return none;
  const detail = err.problem?.detail ?? err.problem?.title ?? '';
  const out: FormFailure = { status: err.status, fields: {}, identifiers: [], findings: {}, reasons: {}, form: null };
  for (const fe of err.fieldErrors) {
    if (out.fields[fe.field]) continue;
    out.fields[fe.field] = { key: REASONS[fe.reason] ?? 'forms.errors.server', values: { detail: fe.detail } };
    out.reasons[fe.field] = fe.reason;
    if (fe.reason === 'identifier_suspected') {
      out.identifiers.push(fe.field);
      if (fe.findings?.length) {
        out.findings[fe.field] = fe.findings;
        // Quote what was found, in the reader's language, instead of the server's sentence.
        out.fields[fe.field] = { key: 'forms.errors.identifierQuoted', values: {}, quotes: fe.findings.map((f) => f.text) };
      }
    }
  }
  switch (err.status) {
    case 0:
      out.form = { key: 'forms.errors.network' };
      break;
    case 403:
      out.form = { key: 'forms.errors.forbidden', values: { detail } };
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
      } else out.form = { key: 'forms.errors.conflict', values: { detail } };
      break;
    }
    case 412:
      out.form = { key: 'forms.errors.stale' };
      break;
    case 428:
      out.form = { key: 'forms.errors.preconditionRequired' };
      break;
    case 422:
      if (out.identifiers.length) out.form = { key: 'forms.errors.identifiersSummary' };
      else if (!Object.keys(out.fields).length) out.form = { key: 'forms.errors.server', values: { detail } };
      else out.form = { key: 'forms.errors.summary' };
      break;
    case 429:
      out.form = { key: 'forms.errors.throttled' };
      break;
    default:
      out.form = detail && err.status < 500 ? { key: 'forms.errors.server', values: { detail } } : { key: 'forms.errors.unexpected' };
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
