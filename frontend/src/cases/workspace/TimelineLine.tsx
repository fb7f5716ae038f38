import type { TFunction } from 'i18next';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseEvent } from '../../api/types';
import { type Format, useFormat } from '../../i18n/format';
import { type CodeKind, humanise, labelOf, translatedOr } from '../../i18n/labels';

/**
 * One timeline entry in the reader's language, made from what the entry says as data (its
 * params, written by domain/timeline.go): codes become words through the labels, dates and
 * numbers go through Intl, and every value is isolated in <bdi> so a Latin name keeps its
 * own direction inside an Arabic sentence. An entry the browser cannot write (a kind it does
 * not know, or one written before params existed) is shown by its stored English summary.
 */
export function TimelineLine({ e }: { e: CaseEvent }) {
  const { t } = useTranslation();
  const f = useFormat();
  const parts = sentences(e, { t, f });
  // A decision shows the decider's comment, as typed (isolated: it may be in another script).
  const comment = e.comment ? <p className="timeline__comment">{fill({ t, f }, 'comment', { comment: <span dir="auto">{e.comment}</span> })}</p> : null;
  if (!parts) {
    // Stored in English: marked so, and isolated so its punctuation stays at its own end
    // in a right-to-left page.
    return (
      <>
        <p className="timeline__summary" dir="auto" lang="en">
          {e.summary}
        </p>
        {comment}
      </>
    );
  }
  return (
    <>
      <p className="timeline__summary">
        {parts.map((p, i) => (
          <Fragment key={i}>
            {i > 0 && ' '}
            {p}
          </Fragment>
        ))}
      </p>
      {comment}
    </>
  );
}

interface Ctx {
  t: TFunction;
  f: Format;
}

/** Kinds whose line says the same every time: written in the reader's language even when
 * the entry carries no params (lines written before params said the same thing). */
const FIXED = new Set([
  'reintegration_plan.created',
  'reintegration_plan.submitted',
  'reintegration_plan.approved',
  'reintegration_plan.rejected',
  'reintegration_plan.discarded',
  'reintegration_plan.retired',
  're_entered',
]);

/** A private-use character around each placeholder, so a translated template can be cut
 * into text and values without the values passing through the template as text. */
const MARK = '\uE000';

/** The translation of key with each value in its place, isolated in <bdi>. */
function fill(c: Ctx, key: string, values: Record<string, ReactNode> = {}): ReactNode {
  const marks = Object.fromEntries(Object.keys(values).map((k) => [k, `${MARK}${k}${MARK}`]));
  const text = c.t(`timeline.${key}`, marks);
  const out: ReactNode[] = [];
  text.split(MARK).forEach((piece, i) => {
    if (i % 2 === 0) {
      if (piece) out.push(piece);
    } else {
      out.push(<bdi key={i}>{values[piece] ?? piece}</bdi>);
    }
  });
  return <>{out}</>;
}

function list(c: Ctx, items: string[]): string {
  return new Intl.ListFormat(c.f.locale, { style: 'long', type: 'conjunction' }).format(items);
}

function codes(v: string | undefined): string[] {
  return v ? v.split(',').filter(Boolean) : [];
}

function field(c: Ctx, name: string): string {
  return c.t(`timeline.field.${name}`, { defaultValue: humanise(name) });
}

function num(c: Ctx, v: string | undefined): string {
  const n = Number(v);
  return v === undefined || v === '' || Number.isNaN(n) ? (v ?? '') : c.f.number(n, 0);
}

/** The entry's sentences, or null when the browser cannot write this entry. */
function sentences(e: CaseEvent, c: Ctx): ReactNode[] | null {
  const p = e.params ?? {};
  if (Object.keys(p).length === 0 && !FIXED.has(e.kind)) return null;
  const label = (kind: CodeKind, code: string | undefined, name?: string) => labelOf(c.t, kind, code ?? '', name);
  const date = (v: string | undefined) => c.f.date(v);
  const phases = { from: label('phase', p.from), to: label('phase', p.to) };
  if (e.kind.startsWith('milestone.') && p.milestone) {
    return [fill(c, 'milestone', { milestone: label('milestone', p.milestone, p.milestone_name) })];
  }
  switch (e.kind) {
    case 'intake':
      return [fill(c, 'intake', { legalBasis: label('legalBasis', p.legal_basis) })];
    case 'case.updated':
      return [fill(c, 'changed', { fields: list(c, codes(p.fields).map((x) => field(c, x))) })];
    case 'team':
      return p.facility
        ? [fill(c, 'teamAt', { facility: p.facility, members: num(c, p.members) })]
        : [fill(c, 'team', { members: num(c, p.members) })];
    case 'assessment.created':
    case 'assessment.updated':
    case 'assessment.finalised':
    case 'assessment.discarded': {
      const instrument = translatedOr(c.t, `timeline.instrument.${p.instrument}`, p.instrument_name || p.instrument || '');
      const out = [fill(c, 'assessment', { instrument, version: p.instrument_version, occasion: label('occasion', p.occasion) })];
      if (p.overall) out.push(fill(c, 'overall', { overall: label('overall', p.overall) }));
      return out;
    }
    case 'session':
      return [
        fill(c, 'session', {
          type: label('interventionType', p.intervention_type),
          format: label('format', p.format),
          minutes: num(c, p.minutes),
        }),
        fill(c, 'attendance', { attendance: label('attendance', p.attendance) }),
      ];
    case 'plan.created':
    case 'plan.submitted':
    case 'plan.approved':
    case 'plan.rejected':
      return [fill(c, 'planVersion', { version: num(c, p.version) })];
    case 'reintegration_plan.created':
      return [fill(c, 'reintegrationCreated')];
    case 'reintegration_plan.updated':
      return [fill(c, p.kept_in_force === 'true' ? 'reintegrationRevised' : 'reintegrationUpdated')];
    case 'reintegration_plan.submitted':
      return [fill(c, 'reintegrationSubmitted')];
    case 'reintegration_plan.approved':
      return [fill(c, 'reintegrationApproved')];
    case 'reintegration_plan.rejected':
      return [fill(c, 'reintegrationRejected')];
    case 'reintegration_plan.discarded':
      return [fill(c, 'reintegrationDiscarded')];
    case 'reintegration_plan.retired':
      return [fill(c, 'reintegrationRetired')];
    case 'release':
      return [fill(c, 'release', { date: date(p.released_on), releaseType: label('releaseType', p.release_type) })];
    case 'release.corrected':
      return [fill(c, 'releaseCorrected', { number: num(c, p.release_number), fields: list(c, codes(p.fields).map((x) => field(c, x))) })];
    case 'release.removed':
      return [fill(c, 'releaseRemoved', { date: date(p.released_on) })];
    case 'follow_up': {
      const out = [fill(c, 'followUp', { months: num(c, p.months) })];
      if (p.point_months) out.push(fill(c, 'followUpPoint', { months: num(c, p.point_months) }));
      return out;
    }
    case 'follow_up_point.not_reached':
      return [
        p.count && p.months
          ? fill(c, 'pointsClosedList', {
              count: num(c, p.count),
              months: list(
                c,
                codes(p.months).map((m) => c.t('timeline.monthN', { n: num(c, m) })),
              ),
            })
          : p.count
          ? fill(c, 'pointsClosed', { count: num(c, p.count) })
          : fill(c, 'pointNotReached', { months: num(c, p.months) }),
        fill(c, 'notReachedReason', { reason: label('notReached', p.reason) }),
      ];
    case 'consent.withdrawn':
      return [
        fill(c, 'consentWithdrawn', { date: date(p.withdrawn_on) }),
        p.closure_requested === 'true'
          ? fill(c, 'consentClosureRequested')
          : fill(c, 'consentCaseGoesOn', { legalBasis: label('legalBasis', p.legal_basis) }),
      ];
    case 're_entry': {
      const out = [fill(c, 'reEntry', { opened: date(p.previous_opened_on) })];
      if (p.previous_closed_on)
        out.push(
          fill(c, 'reEntryClosed', { closed: date(p.previous_closed_on), reason: label('closureReason', p.previous_closure_reason) }),
        );
      return out;
    }
    case 're_entered':
      return [fill(c, 'reEntered')];
    case 'transfer.requested':
      return [fill(c, 'transferRequested', { facility: p.to_facility, date: date(p.transfer_on) })];
    case 'transfer.declined':
      return [fill(c, 'transferDeclined', { from: p.from_facility, to: p.to_facility })];
    case 'transfer.accepted':
      return [fill(c, 'transferAccepted', { from: p.from_facility, to: p.to_facility }), ...handover(c, p)];
    case 'phase.changed': {
      const out = [fill(c, 'phaseChanged', phases), fill(c, p.how === 'applied' ? 'phaseApplied' : 'phaseApproved')];
      if (p.closure_reason) out.push(fill(c, 'closureReason', { reason: label('closureReason', p.closure_reason) }));
      if (p.recall_on) out.push(fill(c, 'recall', { date: date(p.recall_on), reason: label('recallReason', p.recall_reason) }));
      return out;
    }
    case 'transition.requested':
      return [fill(c, 'transitionRequested', phases)];
    case 'transition.rejected':
      return [fill(c, 'transitionRejected', phases)];
  }
  return null;
}

/** What an accepted transfer handed over to the receiving team. */
function handover(c: Ctx, p: Record<string, string>): ReactNode[] {
  if (!p.handover_phase) return [];
  const out = [fill(c, 'handoverPhase', { phase: labelOf(c.t, 'phase', p.handover_phase) })];
  if (p.handover_assessed_on) {
    out.push(
      fill(c, 'handoverAssessment', { date: c.f.date(p.handover_assessed_on), overall: labelOf(c.t, 'overall', p.handover_overall ?? '') }),
    );
    if (p.handover_review_due) out.push(fill(c, 'handoverReview', { date: c.f.date(p.handover_review_due) }));
  } else {
    out.push(fill(c, 'handoverNoAssessment'));
  }
  if (p.handover_plan_version) {
    const version = num(c, p.handover_plan_version);
    out.push(
      p.handover_plan_approved_on
        ? fill(c, 'handoverPlanSince', { version, date: c.f.date(p.handover_plan_approved_on) })
        : fill(c, 'handoverPlan', { version }),
    );
  } else {
    out.push(fill(c, 'handoverNoPlan'));
  }
  const kinds = codes(p.handover_open_requests).map((k) => c.t(`approvalKind.${k}`, { defaultValue: humanise(k) }));
  out.push(kinds.length ? fill(c, 'handoverRequests', { kinds: list(c, kinds) }) : fill(c, 'handoverNoRequests'));
  const due = codes(p.handover_follow_ups_due).map((pair) => {
    const [months, on] = pair.split(':');
    return c.t('timeline.handoverFollowUp', { months: num(c, months), date: c.f.date(on) });
  });
  out.push(due.length ? fill(c, 'handoverFollowUps', { list: list(c, due) }) : fill(c, 'handoverNoFollowUps'));
  return out;
}
