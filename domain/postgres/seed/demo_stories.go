package seed

import (
	"fmt"
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
)

// story writes the demo's after-release stories into the demo's batch, after the cast's
// cases are in it: a recall followed by a second release, a re-entry, an accepted and a
// waiting transfer, community follow-ups after closure (reached, not reached, overdue), and
// mandated cases. Everything is laid out relative to the seed's day.
type story struct {
	g     *generator
	b     *batch
	spec  DemoSpec
	users map[string]id
	seq   int
}

// demoStories writes every story (see story).
func demoStories(g *generator, spec DemoSpec, users map[string]id, b *batch) error {
	w := &story{g: g, b: b, spec: spec, users: users}
	for _, step := range []func() error{w.recalledAndReleasedAgain, w.reentry, w.transfers, w.communityFollowUps, w.legalBases, w.intakeLines} {
		if err := step(); err != nil {
			return fmt.Errorf("seed: after-release demo: %w", err)
		}
	}
	return nil
}

func (w *story) day(n int) time.Time { return days(w.g.today, n) }

// at is a moment on day d, later than the moments this writer gave before (never after now).
func (w *story) at(d time.Time) time.Time {
	w.seq++
	return minDate(d.Add(8*time.Hour+time.Duration(w.seq%500)*time.Minute), w.g.now)
}

// timeline writes a timeline entry saying ev (a domain.Event… constructor's, as the store
// writes it); recordKind names the record kind whose practices it evidences ("" for none).
func (w *story) timeline(c id, on time.Time, ev domain.TimelineEvent, ref, recordKind string, actor id) {
	w.b.Events = append(w.b.Events, postgres.EventRow{CaseID: c, At: w.at(on), OccurredOn: on, Kind: ev.Kind, RefID: ref,
		Summary: ev.Summary, Params: ev.Params, Practices: w.g.cat.KindPractices[recordKind], ActorID: actor})
}

// intakeLines says each case's legal basis on its intake line, as the store does, once the
// stories have set the bases (legalBases), after the cases' timelines were written.
func (w *story) intakeLines() error {
	basis := make(map[id]string, len(w.b.Cases))
	for _, c := range w.b.Cases {
		basis[c.ID] = c.LegalBasis
	}
	for i := range w.b.Events {
		e := &w.b.Events[i]
		b, ok := basis[e.CaseID]
		if e.Kind != domain.EventKindIntake || !ok {
			continue
		}
		if b == "" {
			b = "voluntary" // the bulk load's default (postgres.CaseRow)
		}
		ev := domain.EventIntake(b)
		e.Summary, e.Params = ev.Summary, ev.Params
	}
	return nil
}

// phase writes an approved (or, intake → assessment, applied) phase change with its approval
// and timeline entries, and returns its id.
func (w *story) phase(c id, from, to domain.Phase, on time.Time, reason string, recall *domain.RecallInput) id {
	req, sup := w.users["practitioner"], w.users["supervisor"]
	if w.seq%2 == 0 {
		sup = w.users["supervisor2"]
	}
	facts := domain.PhaseChangeEventFacts{From: from, To: to, How: "approved", Recall: recall}
	row := postgres.PhaseChangeRow{ID: w.g.newID(), CaseID: c, From: string(from), To: string(to), Reason: reason, Status: "approved",
		RequestedBy: req, EffectiveOn: ptr(on)}
	if recall != nil {
		row.RecallOn, row.RecallReason, row.RecallOutcome = &recall.On, recall.Reason, recall.Outcome
	}
	asked := days(on, -2)
	if !needsApproval(from, to) {
		row.Status, asked = "applied", on
	}
	row.RequestedAt = w.at(asked)
	w.b.PhaseChanges = append(w.b.PhaseChanges, row)
	if row.Status == "applied" {
		facts.How = "applied"
		w.timeline(c, on, domain.EventPhaseChanged(facts), row.ID.String(), "", req)
		return row.ID
	}
	w.approval(c, "transition", row.ID, req, asked, sup, on, "Agreed.")
	w.timeline(c, asked, domain.EventTransitionRequested(from, to), row.ID.String(), "", req)
	rk := ""
	if to == domain.PhaseReintegration {
		rk = "release"
	}
	w.timeline(c, on, domain.EventPhaseChanged(facts), row.ID.String(), rk, sup)
	return row.ID
}

// approval writes an approved request.
func (w *story) approval(c id, kind string, subject, req id, asked time.Time, sup id, decided time.Time, comment string) {
	w.b.Approvals = append(w.b.Approvals, postgres.ApprovalRow{ID: w.g.newID(), CaseID: c, Kind: kind, SubjectID: subject,
		Status: "approved", RequestedBy: req, RequestedAt: w.at(asked), DecidedBy: sup, DecidedAt: ptr(w.at(decided)), Comment: comment})
}

// assessment writes a final assessment by the psychologist with every item of the open
// instrument rated at the overall level.
func (w *story) assessment(c id, occasion string, on time.Time, overall string) {
	level := map[string]int{"low": 0, "moderate": 1, "high": 2}[overall]
	aid, at := w.g.newID(), w.at(on)
	w.b.Assessments = append(w.b.Assessments, postgres.AssessmentRow{ID: aid, CaseID: c, InstrumentCode: "pathways-open",
		InstrumentVersion: "1", Occasion: occasion, Status: "final", AssessedOn: on, Overall: overall,
		Rationale: "Reviewed with the team after interviews and file review.", NextReviewDate: ptr(days(on, 180)),
		AssessorID: w.users["psychologist"], CreatedAt: at, FinalisedAt: &at})
	for _, it := range w.g.cat.Items {
		v := level
		if it.Polarity != "risk" {
			v = 2 - level
		}
		w.b.Ratings = append(w.b.Ratings, postgres.RatingRow{AssessmentID: aid, ItemCode: it.Code, Rating: ptr(v), Evidence: "Observed in sessions."})
	}
	w.timeline(c, on, domain.EventAssessmentFinalised(domain.AssessmentEventFacts{Instrument: "pathways-open", Version: "1",
		InstrumentName: w.g.cat.InstrumentName, Occasion: occasion, Overall: overall}), aid.String(), "assessment", w.users["psychologist"])
}

// session writes an individual session by the psychologist at Northgate, attended.
func (w *story) session(c id, on time.Time, itype string) {
	sid, psych := w.g.newID(), w.users["psychologist"]
	w.b.Sessions = append(w.b.Sessions, postgres.SessionRow{ID: sid, Type: itype, HeldOn: on, Minutes: 60, Format: "individual",
		DeliveredBy: psych, FacilityID: mustID(w.spec.Northgate), Notes: "Reviewed progress against the plan goals.", CreatedBy: psych,
		CreatedAt: w.at(on)})
	w.b.Attendance = append(w.b.Attendance, postgres.AttendanceRow{SessionID: sid, CaseID: c, Attendance: "attended", Engagement: ptr(4)})
	ev := domain.EventSession(itype, "individual", 60, "attended")
	w.b.Events = append(w.b.Events, postgres.EventRow{CaseID: c, At: w.at(on), OccurredOn: on, Kind: ev.Kind, RefID: sid.String(),
		Summary: ev.Summary, Params: ev.Params, Practices: w.g.cat.TypePractices[itype], ActorID: psych})
}

// followUp writes a follow-up after a release (release) or a community case's intervention
// (the zero id), reaching the point at months, and returns its id.
func (w *story) followUp(c id, on time.Time, months int, compliance, notes string, by, release id) id {
	fid := w.g.newID()
	w.b.FollowUps = append(w.b.FollowUps, postgres.FollowUpRow{ID: fid, CaseID: c, HeldOn: on, Months: months, Housing: "stable",
		WorkEducation: "employed", FamilyContact: "regular", Compliance: compliance, NewOffence: "none", Notes: notes,
		RecordedBy: by, CreatedAt: w.at(on), ReleaseID: release})
	w.timeline(c, on, domain.EventFollowUp(months, months), fid.String(), "follow_up", by)
	return fid
}

// caseIndex finds the first case of the batch, by opening day, that match accepts.
func (w *story) caseIndex(match func(c *postgres.CaseRow) bool) (int, bool) {
	best := -1
	for i := range w.b.Cases {
		if c := &w.b.Cases[i]; match(c) && (best < 0 || c.OpenedOn.Before(w.b.Cases[best].OpenedOn)) {
			best = i
		}
	}
	return best, best >= 0
}
