package seed

import (
	"slices"
	"strconv"
	"time"

	"pathways/domain"
	"pathways/domain/postgres"
)

var individualTypes = []string{"psychological_support", "mentoring", "religious_dialogue", "former_extremist_mentoring",
	"victims_perspectives", "family_engagement", "health_substance_use", "officer_engagement"}

// epochMonday counts the fortnights group programmes meet in.
var epochMonday = time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)

// sessionRun is what the sessions of one case are drawn from.
type sessionRun struct {
	from, to time.Time
	kinds    []string // individual session types
	groups   []string // group programmes the case joins
	staff    []id     // who delivers
}

// sessions writes individual and group sessions from from to to (inclusive), with
// attendance and engagement.
func (s *caseSim) sessions(from, to time.Time, preRelease bool) {
	g := s.g
	if to.After(g.today) {
		to = g.today
	}
	run := s.sessionRun(from, to)
	// Individual sessions every two to three weeks.
	for d := days(from, g.between(2, 10)); !d.After(to); d = days(d, g.between(16, 28)) {
		kind := pick(g, run.kinds)
		if preRelease && s.released == nil && g.chance(0.3) {
			kind = "resettlement_support"
		}
		format := "individual"
		if kind == "family_engagement" {
			format = "family"
		}
		by := pick(g, run.staff)
		row := postgres.SessionRow{ID: g.newID(), Type: kind, HeldOn: d, Minutes: []int{45, 60, 60, 90}[g.r.IntN(4)], Format: format,
			DeliveredBy: by, FacilityID: s.p.fac.id, CreatedBy: by}
		if g.text {
			row.Notes = pick(g, sessionNotes)
		}
		row.CreatedAt = g.at(d)
		s.b.Sessions = append(s.b.Sessions, row)
		if att := s.attend(row, d, by, run); g.text && absent(att) {
			// The one participant did not come: the notes say so, not what was worked on. The
			// note is chosen without a draw, so the rest of the demo stays as it was.
			notes := AbsenceNotes[att]
			s.b.Sessions[len(s.b.Sessions)-1].Notes = notes[len(s.b.Sessions)%len(notes)]
		}
	}
	s.groupSessions(run)
}

// sessionRun draws the kinds of work a case gets: its individual work follows its plan (the
// psychologist is always involved), and it joins some of the facility's group programmes.
func (s *caseSim) sessionRun(from, to time.Time) sessionRun {
	g := s.g
	run := sessionRun{from: from, to: to, kinds: []string{"psychological_support"}}
	for _, n := range s.needs {
		for _, t := range needInterventions[n] {
			if slices.Contains(individualTypes, t) && !slices.Contains(run.kinds, t) {
				run.kinds = append(run.kinds, t)
			}
		}
	}
	if s.p.fac.custodial() {
		run.kinds = append(run.kinds, "officer_engagement")
	}
	for _, t := range s.p.fac.groupTypes {
		if g.chance(0.4) {
			run.groups = append(run.groups, t)
		}
	}
	if len(run.groups) == 0 {
		run.groups = []string{s.p.fac.groupTypes[0]}
	}
	run.staff = []id{s.p.manager, s.p.manager}
	for _, sp := range s.p.fac.specialists {
		run.staff = append(run.staff, sp.id)
	}
	return run
}

// groupSessions: group programmes meet every other Wednesday at the facility; the case joins
// most of them, in a group of at most twelve.
func (s *caseSim) groupSessions(run sessionRun) {
	g := s.g
	first := int(run.from.Sub(epochMonday).Hours()/24/14) + 1
	lastF := int(run.to.Sub(epochMonday).Hours() / 24 / 14)
	for f := first; f <= lastF; f++ {
		d := days(epochMonday, f*14+2)
		if d.Before(run.from) || d.After(run.to) {
			continue
		}
		for _, kind := range run.groups {
			if !g.chance(0.75) {
				continue
			}
			i := s.groupSession(groupKey{facility: s.p.fac.id, kind: kind, fortnight: f}, d, run)
			s.b.joined[i]++
			row := s.b.Sessions[i]
			s.attend(row, d, row.DeliveredBy, run)
		}
	}
}

// groupSession finds the batch's group session for key with room left, or opens one, and
// returns its index.
func (s *caseSim) groupSession(key groupKey, d time.Time, run sessionRun) int {
	g := s.g
	for {
		i, ok := s.b.groups[key]
		if !ok {
			break
		}
		if s.b.joined[i] < 12 {
			return i
		}
		key.slot++
	}
	by := pick(g, run.staff)
	row := postgres.SessionRow{ID: g.newID(), Type: key.kind, HeldOn: d, Minutes: []int{90, 120}[g.r.IntN(2)], Format: "group",
		DeliveredBy: by, FacilityID: s.p.fac.id, CreatedBy: by}
	if g.text {
		row.Notes = pick(g, groupNotes)
	}
	row.CreatedAt = g.at(d)
	s.b.Sessions = append(s.b.Sessions, row)
	i := len(s.b.Sessions) - 1
	s.b.groups[key] = i
	return i
}

// absent: the attendance says the participant was not there.
func absent(att string) bool { return att != "attended" && att != "late" }

// attend writes the case's attendance at a session and its timeline entry, and returns the
// attendance.
func (s *caseSim) attend(session postgres.SessionRow, d time.Time, actor id, run sessionRun) string {
	g := s.g
	att := "attended"
	if g.chance(s.engage*0.95 + 0.04) {
		if g.chance(0.07) {
			att = "late"
		}
	} else {
		att = []string{"excused_absence", "unexcused_absence", "refused"}[g.weighted(50, 35, 15)]
	}
	row := postgres.AttendanceRow{SessionID: session.ID, CaseID: s.id, Attendance: att}
	if att == "attended" || att == "late" {
		span := max(1.0, run.to.Sub(run.from).Hours()/24)
		x := 1.5 + 2.2*s.engage + 1.3*s.improve*(d.Sub(run.from).Hours()/24/span) + (g.r.Float64()-0.5)*1.2
		row.Engagement = ptr(max(1, min(5, int(x+0.5))))
	}
	s.b.Attendance = append(s.b.Attendance, row)
	s.ev(d, domain.EventSession(session.Type, session.Format, session.Minutes, att), session.ID, g.cat.TypePractices[session.Type], actor)
	return att
}

// individualSessionLines rewrites the timeline lines of the sessions (ids) that finish made
// individual, so they name the format the session has.
func (b *batch) individualSessionLines(ids map[string]bool) {
	if len(ids) == 0 {
		return
	}
	for i := range b.Events {
		e := &b.Events[i]
		if e.Kind != domain.EventKindSession || !ids[e.RefID] {
			continue
		}
		minutes, _ := strconv.Atoi(e.Params["minutes"])
		ev := domain.EventSession(e.Params["intervention_type"], "individual", minutes, e.Params["attendance"])
		e.Summary, e.Params = ev.Summary, ev.Params
	}
}
