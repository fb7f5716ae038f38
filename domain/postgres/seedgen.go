package postgres

import (
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// This file simulates case histories for the demo and synthetic seeds: one generator walks a
// case through its phases day by day and writes every record a programme would have made on
// the way, as rows ready for COPY. The demo and the synthetic seed differ only in how cases
// are chosen (a fixed cast, or random draws) and in whether free-text fields are filled.

// seedTables lists the tables the generator fills, in an order that satisfies every foreign
// key when copied one after another.
var seedTables = []struct {
	name string
	cols []string
}{
	{"participants", []string{"id", "pseudonym", "country", "birth_year", "gender", "nationality", "categories", "created_at"}},
	{"cases", []string{"id", "participant_id", "programme_id", "facility_id", "country", "track", "phase", "phase_since",
		"offence_category", "consent_given", "consent_date", "opened_on", "expected_release_date", "actual_release_date",
		"release_type", "next_review_date", "closed_on", "closure_reason", "case_manager_id", "version", "created_by",
		"created_at", "updated_at"}},
	{"case_team", []string{"case_id", "user_id", "discipline", "added_at"}},
	{"phase_changes", []string{"id", "case_id", "from_phase", "to_phase", "reason", "closure_reason", "status",
		"requested_by", "requested_at", "effective_on"}},
	{"approvals", []string{"id", "case_id", "kind", "subject_id", "status", "requested_by", "requested_at",
		"decided_by", "decided_at", "comment"}},
	{"assessments", []string{"id", "case_id", "instrument_code", "instrument_version", "occasion", "status", "assessed_on",
		"overall", "rationale", "next_review_date", "assessor_id", "created_at", "finalised_at"}},
	{"assessment_ratings", []string{"assessment_id", "item_code", "rating", "not_rated", "evidence"}},
	{"plans", []string{"id", "case_id", "version", "status", "summary", "created_by", "created_at", "submitted_at", "decided_at"}},
	{"plan_goals", []string{"id", "plan_id", "position", "need", "description", "interventions", "responsible_id", "target_date"}},
	{"intervention_sessions", []string{"id", "intervention_type", "held_on", "minutes", "format", "delivered_by",
		"facility_id", "notes", "created_by", "created_at"}},
	{"session_attendance", []string{"session_id", "case_id", "attendance", "engagement"}},
	{"milestones", []string{"id", "case_id", "definition_code", "achieved_on", "evidence", "status", "claimed_by",
		"claimed_at", "decided_at", "lapse_reason", "lapsed_on"}},
	{"reintegration_plans", []string{"case_id", "status", "planned_release", "release_type", "supervising_agency",
		"version", "updated_by", "updated_at", "decided_at"}},
	{"reintegration_items", []string{"case_id", "area", "status", "description"}},
	{"follow_ups", []string{"id", "case_id", "held_on", "months_since_release", "housing", "work_education",
		"family_contact", "supervision_compliance", "new_offence", "offence_category", "offence_on", "notes",
		"recorded_by", "created_at"}},
	{"case_events", []string{"case_id", "at", "occurred_on", "kind", "ref_id", "summary", "practices", "actor_id"}},
}

// seedEventTables are the tables whose rows count as "recorded events" in the figures the
// seeds report: what statistics are computed over.
var seedEventTables = []string{"session_attendance", "case_events", "assessments", "milestones", "follow_ups", "phase_changes"}

// rowSet holds one batch of rows, by table, plus the batch's open group sessions.
type rowSet struct {
	rows   map[string][][]any
	groups map[groupKey]*groupSession
	cases  int
}

type groupKey struct {
	facility  pgtype.UUID
	kind      string
	fortnight int
	slot      int
}

type groupSession struct {
	row   []any
	count int
}

func newRowSet() *rowSet {
	return &rowSet{rows: map[string][][]any{}, groups: map[groupKey]*groupSession{}}
}

func (rs *rowSet) add(table string, vals ...any) []any {
	rs.rows[table] = append(rs.rows[table], vals)
	return vals
}

// finish turns group sessions that only one participant joined into individual ones.
func (rs *rowSet) finish() {
	for _, g := range rs.groups {
		if g.count == 1 {
			g.row[4] = "individual"
		}
	}
}

// seedCatalogue is what the generator needs from the catalogues.
type seedCatalogue struct {
	typePractices      map[string][]string
	milestonePractices map[string][]string
	milestoneVerify    map[string]bool
	kindPractices      map[string][]string
	items              []seedItem
	typeNames          map[string]string
}

type seedItem struct {
	code       string
	protective bool
}

// seedFacility is a facility with the people who work cases there.
type seedFacility struct {
	id          pgtype.UUID
	country     string
	programme   pgtype.UUID
	track       string
	managers    []pgtype.UUID // case managers (practitioners)
	specialists []seedStaff   // other team members, with their discipline
	supervisors []pgtype.UUID
	groupTypes  []string // the group programmes the facility runs
	nationals   []string // nationalities, most common first
	agency      string
}

type seedStaff struct {
	id         pgtype.UUID
	discipline string
}

// casePlan is the shape of one case's history: where it ends up and what is pending.
type casePlan struct {
	fac                  *seedFacility
	phase                string
	closure              string
	manager              pgtype.UUID
	requester            pgtype.UUID // who asks for the pending things; the manager unless set
	noSpecialist         bool
	pendingTransition    bool
	pendingPlan          bool
	pendingMilestone     bool
	pendingReintegration bool
	overdue              bool
	newOffence           string // for an open reintegration case: arrest, charge or conviction
}

type generator struct {
	r          *rand.Rand
	cat        *seedCatalogue
	today      time.Time // a date, UTC
	now        time.Time
	text       bool // fill free-text fields (demo) or leave them empty (synthetic)
	seqIDs     bool // time-ordered ids (synthetic: index-friendly) instead of random ones
	idCounter  uint64
	pseudonyms map[string]bool
}

var (
	custodialPath    = []string{"intake", "assessment", "intervention", "pre_release", "reintegration"}
	nonCustodialPath = []string{"intake", "assessment", "intervention"}
	epochMonday      = time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)
)

// uuid returns a new id: random (version 4) bits from the generator's own source, so a seeded
// generator makes the same ids every run; or, for bulk loads, time-ordered (version 7) ids
// that keep primary-key indexes appending at their right edge.
func (g *generator) uuid() pgtype.UUID {
	var b [16]byte
	binary.BigEndian.PutUint64(b[0:8], g.r.Uint64())
	binary.BigEndian.PutUint64(b[8:16], g.r.Uint64())
	if g.seqIDs {
		ms := uint64(g.now.UnixMilli())
		g.idCounter++
		c := g.idCounter
		b[0], b[1], b[2], b[3], b[4], b[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
		b[6] = 0x70 | byte(c>>26)&0x0f
		b[7] = byte(c >> 18)
		b[8] = 0x80 | byte(c>>12)&0x3f
		b[9] = byte(c >> 4)
		b[10] = byte(c&0x0f)<<4 | b[10]&0x0f
	} else {
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
	}
	return pgtype.UUID{Bytes: b, Valid: true}
}

// Pseudonyms follow domain.NewPseudonym's format: "PW-", eight characters from a 31-letter
// alphabet, and a check character making c + Σ (i+2)·v_i ≡ 0 (mod 31). The generator draws
// them from its own source (the demo must be the same every run) and never repeats one.
const seedPseudonymAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXY"

func seedPseudonymCheck(vals []int) int {
	sum := 0
	for i, v := range vals {
		sum += (i + 2) * v
	}
	n := len(seedPseudonymAlphabet)
	return (n - sum%n) % n
}

func (g *generator) pseudonym() string {
	for {
		var b strings.Builder
		b.WriteString("PW-")
		vals := make([]int, 8)
		for i := range vals {
			vals[i] = g.r.IntN(len(seedPseudonymAlphabet))
			b.WriteByte(seedPseudonymAlphabet[vals[i]])
		}
		b.WriteByte(seedPseudonymAlphabet[seedPseudonymCheck(vals)])
		s := b.String()
		if !g.pseudonyms[s] {
			g.pseudonyms[s] = true
			return s
		}
	}
}

func (g *generator) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }
func (g *generator) chance(p float64) bool  { return g.r.Float64() < p }

func pick[T any](g *generator, xs []T) T { return xs[g.r.IntN(len(xs))] }

// weighted picks an index by weight.
func (g *generator) weighted(w ...float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	x := g.r.Float64() * total
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

func days(d time.Time, n int) time.Time { return d.AddDate(0, 0, n) }

// at is a plausible working-hours moment on day d, never later than now.
func (g *generator) at(d time.Time) time.Time {
	t := d.Add(time.Duration(8*60+g.r.IntN(9*60)) * time.Minute)
	if t.After(g.now) {
		return g.now
	}
	return t
}

func minDate(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// event is one timeline entry before it is written; entries are sorted by date per case.
type event struct {
	on        time.Time
	at        time.Time
	kind      string
	ref       pgtype.UUID
	summary   string
	practices []string
	actor     pgtype.UUID
}

// caseSim is the state of one case being simulated.
type caseSim struct {
	g        *generator
	rs       *rowSet
	p        casePlan
	id       pgtype.UUID
	events   []event
	risk     float64 // baseline risk, 0..1
	improve  float64 // how much the case improves over the programme, 0..1
	engage   float64 // engagement propensity, 0..1
	baseline time.Time
	lastRev  *time.Time // latest final assessment's review date
	lastSup  pgtype.UUID
}

func (s *caseSim) ev(on time.Time, kind string, ref pgtype.UUID, summary string, practices []string, actor pgtype.UUID) {
	s.events = append(s.events, event{on: on, at: s.g.at(on), kind: kind, ref: ref, summary: summary, practices: practices, actor: actor})
}

func (s *caseSim) supervisor() pgtype.UUID {
	sup := pick(s.g, s.p.fac.supervisors)
	s.lastSup = sup
	return sup
}

// approval writes a decided (or pending) approvals row.
func (s *caseSim) approval(kind string, subject pgtype.UUID, requester pgtype.UUID, requested time.Time, decided *time.Time, status string) {
	var decidedBy, decidedAt any
	comment := ""
	if decided != nil {
		sup := s.supervisor()
		if sup == requester {
			for _, o := range s.p.fac.supervisors {
				if o != requester {
					sup = o
				}
			}
		}
		decidedBy, decidedAt = sup, s.g.at(*decided)
		if s.g.text {
			comment = pick(s.g, approvalComments)
		}
	}
	s.rs.add("approvals", s.g.uuid(), s.id, kind, subject, status, requester, s.g.at(requested), decidedBy, decidedAt, comment)
}

func (s *caseSim) requester() pgtype.UUID {
	if s.p.requester.Valid {
		return s.p.requester
	}
	return s.p.manager
}

// simulate writes one whole case history into rs.
func (g *generator) simulate(p casePlan, rs *rowSet) {
	s := &caseSim{g: g, rs: rs, p: p, id: g.uuid()}
	s.risk = 0.25 + 0.7*g.r.Float64()
	s.improve = 0.2 + 0.8*g.r.Float64()
	s.engage = 0.55 + 0.45*g.r.Float64()
	rs.cases++
	custodial := p.fac.track == "custodial"
	path := nonCustodialPath
	if custodial {
		path = custodialPath
	}

	// Which phase the case was last in, and when it ended (today for open cases).
	last, end := p.phase, g.today
	if p.phase == "closed" {
		end = days(g.today, -g.between(3, 900))
		switch p.closure {
		case "completed":
			last = path[len(path)-1]
		case "reoffended_recalled":
			last = "reintegration"
			if !custodial {
				last = "intervention"
			}
		case "released_without_programme":
			last = pick(g, []string{"intake", "assessment"})
		case "transferred_out":
			last = pick(g, []string{"assessment", "intervention"})
		default:
			last = "intervention"
		}
	}
	idx := slices.Index(path, last)
	dur := make([]int, idx+1)
	for i := range dur {
		dur[i] = g.phaseDays(path[i], custodial)
	}
	// Time spent so far in the last phase.
	switch {
	case p.closure == "completed" && custodial:
		dur[idx] = g.between(380, 760)
	case p.closure == "completed":
		dur[idx] = g.between(380, 700)
	case p.closure == "reoffended_recalled":
		dur[idx] = g.between(90, 520)
	case p.phase == "closed":
		dur[idx] = g.between(10, dur[idx])
	case p.pendingTransition:
		dur[idx] = g.between(dur[idx]*2/3, dur[idx])
	case last == "reintegration" && p.newOffence != "":
		dur[idx] = g.between(200, 700)
	case last == "intake":
		dur[idx] = g.between(1, dur[idx])
	default:
		dur[idx] = g.between(5, dur[idx])
	}
	if p.overdue && (last == "intervention" || last == "pre_release") && dur[idx] < 420 {
		dur[idx] = g.between(420, 600)
	}
	entry := make([]time.Time, idx+2)
	total := 0
	for _, d := range dur {
		total += d
	}
	entry[0] = days(end, -total)
	for i, d := range dur {
		entry[i+1] = days(entry[i], d)
	}
	phaseStart := func(ph string) time.Time { return entry[slices.Index(path, ph)] }
	reached := func(ph string) bool { i := slices.Index(path, ph); return i >= 0 && i <= idx }
	opened := entry[0]
	mgr := p.manager
	prac := s.requester()

	// Participant and intake.
	birth := g.between(1975, 2005)
	age := opened.Year() - birth
	if age < 16 {
		birth = opened.Year() - 16 - g.r.IntN(3)
		age = opened.Year() - birth
	}
	gender := []string{"male", "female", "other", "not_recorded"}[g.weighted(82, 15, 1, 2)]
	nat := p.fac.nationals[g.weighted(70, 12, 8, 5, 5)%len(p.fac.nationals)]
	var cats []string
	if age < 18 {
		cats = append(cats, "juvenile")
	}
	if g.chance(0.35) {
		cats = append(cats, "returnee")
		if g.chance(0.6) {
			cats = append(cats, "foreign_terrorist_fighter")
		}
	} else if g.chance(0.12) {
		cats = append(cats, "radicalised_in_custody")
	}
	if cats == nil {
		cats = []string{}
	}
	partID := g.uuid()
	rs.add("participants", partID, g.pseudonym(), p.fac.country, birth, gender, nat, cats, g.at(opened))
	s.ev(opened, "intake", pgtype.UUID{}, "Case opened at intake; consent recorded", g.cat.kindPractices["intake"], mgr)

	// Team.
	rs.add("case_team", s.id, mgr, "case_manager", g.at(opened))
	teamSize := 1
	if !p.noSpecialist && len(p.fac.specialists) > 0 {
		sp := pick(g, p.fac.specialists)
		if sp.id != mgr {
			rs.add("case_team", s.id, sp.id, sp.discipline, g.at(days(opened, 1)))
			teamSize++
			// A third discipline on some cases.
			if len(p.fac.specialists) > 1 && g.chance(0.3) {
				other := pick(g, p.fac.specialists)
				if other.id != sp.id && other.id != mgr {
					rs.add("case_team", s.id, other.id, other.discipline, g.at(days(opened, 2)))
					teamSize++
				}
			}
		}
	}
	s.ev(days(opened, 1), "team.assigned", pgtype.UUID{}, "Case team assigned ("+itoa(teamSize)+" members)", g.cat.kindPractices["team"], s.supervisor())

	// Phase changes along the path.
	for i := 1; i <= idx; i++ {
		s.phaseChange(path[i-1], path[i], "", entry[i], "approved")
	}

	// Assessment phase: the baseline and the first plan.
	var plan pgtype.UUID
	var needs []string
	if reached("assessment") {
		a0 := phaseStart("assessment")
		var aEnd time.Time
		if idx > slices.Index(path, "assessment") {
			aEnd = phaseStart("intervention")
		} else {
			aEnd = end
		}
		baseOn := days(a0, (int(aEnd.Sub(a0).Hours()/24))*2/3)
		switch {
		case last == "assessment" && p.phase != "closed" && !p.pendingTransition && !p.pendingPlan:
			if g.chance(0.6) {
				s.assessment("baseline", days(a0, g.between(0, max(0, int(end.Sub(a0).Hours()/24)))), false, mgr)
			}
		case last == "assessment" && p.phase == "closed":
			// Closed before the baseline was finished.
		default:
			s.baseline = baseOn
			needs = s.assessment("baseline", baseOn, true, mgr)
			planEnd := days(aEnd, -1)
			if planEnd.Before(baseOn) {
				planEnd = baseOn
			}
			switch {
			case p.pendingPlan:
				plan = s.plan(1, needs, planEnd, "submitted")
			default:
				plan = s.plan(1, needs, planEnd, "approved")
			}
		}
		if last == "assessment" && p.pendingTransition && p.phase != "closed" {
			s.phaseChange("assessment", "intervention", "", days(end, -g.between(0, 4)), "pending")
		}
	}

	// Release facts.
	var expected, released *time.Time
	releaseType := any(nil)
	if custodial && reached("reintegration") {
		r := phaseStart("reintegration")
		released = &r
		e := days(r, -g.between(0, 3))
		expected = &e
		releaseType = []string{"parole", "end_of_sentence", "conditional", "court_order"}[g.weighted(40, 40, 15, 5)]
	} else if custodial && reached("pre_release") {
		e := days(phaseStart("pre_release"), g.phaseDays("pre_release", true)+g.between(0, 30))
		if !e.After(g.today) {
			e = days(g.today, g.between(7, 90))
		}
		expected = &e
	} else if custodial && last == "intervention" && (p.pendingTransition || g.chance(0.5)) {
		e := days(end, g.between(90, 700))
		if p.pendingTransition {
			e = days(end, g.between(60, 150))
		}
		expected = &e
	}

	// Intervention: sessions, milestones, re-assessments, maybe a revised plan.
	if reached("intervention") && plan.Valid {
		i0 := phaseStart("intervention")
		sEnd := end
		if released != nil {
			sEnd = days(*released, -1)
		}
		s.sessions(i0, sEnd, needs, custodial && reached("pre_release"), released)
		s.milestones(i0, end, released)
		// Scheduled re-assessments while in custody or in the community programme.
		cut := sEnd
		if p.overdue && p.phase != "closed" {
			cut = days(end, -200)
		}
		d := days(s.baseline, g.between(165, 190))
		revised := false
		for d.Before(cut) {
			occ := "scheduled"
			if reached("pre_release") && !d.Before(phaseStart("pre_release")) && !d.After(days(phaseStart("pre_release"), 40)) {
				occ = "pre_release"
			}
			newNeeds := s.assessment(occ, d, true, mgr)
			if !revised && g.chance(0.35) && days(d, 20).Before(cut) {
				plan = s.revisePlan(plan, newNeeds, days(d, g.between(5, 20)))
				revised = true
			}
			d = days(d, g.between(160, 190))
		}
		if released != nil {
			// Reviews go on after release, with the supervising agency.
			cutPost := end
			if p.overdue && p.phase != "closed" {
				cutPost = days(end, -200)
			}
			for d := days(*released, g.between(60, 120)); d.Before(cutPost); d = days(d, g.between(160, 190)) {
				s.assessment("post_release", d, true, mgr)
			}
		}
		if p.closure == "completed" {
			s.assessment("closure", days(end, -g.between(1, 10)), true, mgr)
		}
		if last == "intervention" && p.pendingTransition && p.phase != "closed" {
			// The request needs a recent assessment; make sure there is one.
			if s.lastRev == nil || s.lastRev.Before(g.today) {
				s.assessment("scheduled", days(end, -g.between(5, 30)), true, mgr)
			}
			s.phaseChange("intervention", "pre_release", "", days(end, -g.between(0, 4)), "pending")
		}
	}

	// Pre-release: the reintegration plan.
	if custodial && reached("pre_release") {
		s.reintegrationPlan(phaseStart("pre_release"), end, released, expected, releaseType)
	}
	if released != nil {
		s.ev(*released, "release", pgtype.UUID{}, "Released ("+releaseType.(string)+")", g.cat.kindPractices["release"], mgr)
		s.followUps(*released, end)
	}

	// Closure.
	closedOn, closure := any(nil), any(nil)
	if p.phase == "closed" {
		reason := ""
		if p.closure != "completed" && g.text {
			reason = closureReasons[p.closure]
		} else if p.closure != "completed" {
			reason = "Closed early"
		}
		s.phaseChangeClosure(last, reason, p.closure, end)
		closedOn, closure = end, p.closure
	}

	// The case row itself.
	phaseSince := entry[idx]
	if p.phase == "closed" {
		phaseSince = end
	}
	var review any
	switch {
	case p.phase == "closed":
	case s.lastRev != nil:
		review = *s.lastRev
	case p.phase == "intake":
		review = days(opened, 28)
	case p.phase == "assessment":
		review = days(phaseStart("assessment"), 42)
	}
	offence := []string{"09051", "09059", "0901", "09052", "0903"}[g.weighted(50, 25, 12, 8, 5)]
	sort.SliceStable(s.events, func(i, j int) bool { return s.events[i].on.Before(s.events[j].on) })
	for i := range s.events {
		// Same-day entries keep their order: timestamps follow the sorted order.
		if i > 0 && !s.events[i].at.After(s.events[i-1].at) {
			s.events[i].at = s.events[i-1].at.Add(time.Minute)
		}
	}
	updated := g.at(opened)
	for _, e := range s.events {
		var ref any = ""
		if e.ref.Valid {
			ref = uuidString(e.ref)
		}
		practices := e.practices
		if practices == nil {
			practices = []string{}
		}
		var actor any
		if e.actor.Valid {
			actor = e.actor
		}
		rs.add("case_events", s.id, e.at, e.on, e.kind, ref, e.summary, practices, actor)
		updated = e.at
	}
	rs.add("cases", s.id, partID, p.fac.programme, p.fac.id, p.fac.country, p.fac.track, p.phase, phaseSince,
		offence, true, opened, opened, datePtr(expected), datePtr(released), releaseType, review, closedOn, closure,
		mgr, 1+len(s.events), prac, g.at(opened), updated)
}

func datePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// phaseDays is a typical length of a phase.
func (g *generator) phaseDays(phase string, custodial bool) int {
	switch phase {
	case "intake":
		return g.between(10, 40)
	case "assessment":
		return g.between(25, 60)
	case "intervention":
		if custodial {
			return g.between(150, 700)
		}
		return g.between(120, 450)
	case "pre_release":
		return g.between(60, 170)
	case "reintegration":
		return g.between(365, 800)
	}
	return 30
}

// needsApproval mirrors the lifecycle table: everything but intake → assessment is decided by
// a supervisor.
func needsApproval(from, to string) bool { return !(from == "intake" && to == "assessment") }

func (s *caseSim) phaseChange(from, to, reason string, on time.Time, status string) {
	g := s.g
	id := g.uuid()
	req := s.requester()
	if !needsApproval(from, to) {
		s.rs.add("phase_changes", id, s.id, from, to, reason, nil, "applied", req, g.at(on), on)
		s.ev(on, "phase.changed", id, phaseLabel(from)+" → "+phaseLabel(to), nil, req)
		return
	}
	asked := days(on, -g.between(0, 3))
	if status == "pending" {
		s.rs.add("phase_changes", id, s.id, from, to, reason, nil, "pending", req, g.at(asked), nil)
		s.approval("transition", id, req, asked, nil, "pending")
		s.ev(asked, "phase.requested", id, "Requested: "+phaseLabel(from)+" → "+phaseLabel(to), nil, req)
		return
	}
	s.rs.add("phase_changes", id, s.id, from, to, reason, nil, "approved", req, g.at(asked), on)
	s.approval("transition", id, req, asked, &on, "approved")
	s.ev(asked, "phase.requested", id, "Requested: "+phaseLabel(from)+" → "+phaseLabel(to), nil, req)
	s.ev(on, "phase.changed", id, phaseLabel(from)+" → "+phaseLabel(to), nil, s.lastSup)
}

func (s *caseSim) phaseChangeClosure(from, reason, closure string, on time.Time) {
	g := s.g
	id := g.uuid()
	req := s.requester()
	asked := days(on, -g.between(0, 3))
	s.rs.add("phase_changes", id, s.id, from, "closed", reason, closure, "approved", req, g.at(asked), on)
	s.approval("transition", id, req, asked, &on, "approved")
	s.ev(asked, "phase.requested", id, "Requested: "+phaseLabel(from)+" → closed ("+closure+")", nil, req)
	s.ev(on, "phase.changed", id, phaseLabel(from)+" → closed ("+closure+")", nil, s.lastSup)
}

func phaseLabel(p string) string { return strings.ReplaceAll(p, "_", " ") }

// progress is how far along the programme a date is, 0..1, for ratings and engagement.
func (s *caseSim) progress(d time.Time) float64 {
	if s.baseline.IsZero() {
		return 0
	}
	x := d.Sub(s.baseline).Hours() / 24 / 700
	return max(0, min(1, x))
}

// assessment writes an assessment with all fifteen ratings and returns the needs it shows
// (the items rated worst), for plan goals.
func (s *caseSim) assessment(occasion string, on time.Time, final bool, assessor pgtype.UUID) []string {
	g := s.g
	if on.After(g.today) {
		on = g.today
	}
	id := g.uuid()
	level := s.risk - 0.6*s.improve*s.progress(on)
	var needs []string
	type scored struct {
		code  string
		score float64
	}
	var worst []scored
	for _, it := range g.cat.items {
		var rating any
		notRated := g.chance(0.03)
		x := level + (g.r.Float64()-0.5)*0.5
		if it.protective {
			x = 1 - x
		}
		v := int(x*2.0 + 0.5)
		v = max(0, min(2, v))
		if !notRated {
			rating = v
			bad := float64(v)
			if it.protective {
				bad = 2 - bad
			}
			worst = append(worst, scored{it.code, bad + g.r.Float64()*0.1})
		}
		evidence := ""
		if g.text && !notRated {
			evidence = pick(g, ratingEvidence)
		}
		s.rs.add("assessment_ratings", id, it.code, rating, notRated, evidence)
	}
	sort.Slice(worst, func(i, j int) bool { return worst[i].score > worst[j].score })
	for i := 0; i < len(worst) && i < 3; i++ {
		needs = append(needs, worst[i].code)
	}
	overall := "moderate"
	jl := level + (g.r.Float64()-0.5)*0.15
	switch {
	case jl < 0.4:
		overall = "low"
	case jl > 0.7:
		overall = "high"
	}
	rationale := ""
	if g.text {
		rationale = rationales[overall]
	}
	created := g.at(days(on, -g.between(0, 3)))
	if final {
		rev := days(on, 180)
		s.lastRev = &rev
		fin := g.at(on)
		if fin.Before(created) {
			fin = created
		}
		s.rs.add("assessments", id, s.id, "pathways-open", "1", occasion, "final", on, overall, rationale, rev, assessor, created, fin)
		s.ev(on, "assessment.finalised", id, label(occasion)+" assessment finalised: "+overall, g.cat.kindPractices["assessment"], assessor)
	} else {
		s.rs.add("assessments", id, s.id, "pathways-open", "1", occasion, "draft", on, nil, rationale, nil, assessor, created, nil)
		s.ev(on, "assessment.created", id, label(occasion)+" assessment started", g.cat.kindPractices["assessment"], assessor)
	}
	return needs
}

func label(s string) string {
	s = strings.ReplaceAll(s, "_", "-")
	return strings.ToUpper(s[:1]) + s[1:]
}

// needInterventions maps an instrument item to the interventions a plan would set against it.
var needInterventions = map[string][]string{
	"B1": {"religious_dialogue", "cognitive_skills"}, "B2": {"victims_perspectives", "religious_dialogue"},
	"B3": {"religious_dialogue", "former_extremist_mentoring"},
	"I1": {"former_extremist_mentoring", "mentoring"}, "I2": {"psychological_support", "cognitive_skills"},
	"I3": {"arts_sport", "vocational_training"},
	"N1": {"mentoring", "former_extremist_mentoring"}, "N2": {"family_engagement"}, "N3": {"arts_sport", "mentoring"},
	"C1": {"cognitive_skills", "victims_perspectives"}, "C2": {"cognitive_skills", "psychological_support"},
	"C3": {"vocational_training", "basic_education"},
	"M1": {"psychological_support"}, "M2": {"health_substance_use", "psychological_support"},
	"M3": {"psychological_support", "life_skills"},
}

func (s *caseSim) plan(version int, needs []string, approvedOn time.Time, status string) pgtype.UUID {
	g := s.g
	id := g.uuid()
	created := days(approvedOn, -g.between(3, 10))
	if !s.baseline.IsZero() && created.Before(s.baseline) {
		created = s.baseline
	}
	submitted := days(created, g.between(0, 2))
	if submitted.After(approvedOn) {
		submitted = approvedOn
	}
	summary := ""
	if g.text {
		summary = pick(g, planSummaries)
	}
	var decided any
	if status == "approved" || status == "superseded" {
		decided = g.at(approvedOn)
	}
	row := s.rs.add("plans", id, s.id, version, status, summary, s.p.manager, g.at(created), g.at(submitted), decided)
	_ = row
	for i, need := range needs {
		desc := "Goal for need " + need
		if g.text {
			desc = goalTexts[need]
		}
		resp := s.p.manager
		if len(s.p.fac.specialists) > 0 && g.chance(0.4) {
			resp = pick(g, s.p.fac.specialists).id
		}
		s.rs.add("plan_goals", g.uuid(), id, i+1, need, desc, needInterventions[need], resp, days(approvedOn, g.between(120, 360)))
	}
	req := s.requester()
	s.ev(created, "plan.created", id, "Individual plan v"+itoa(version)+" drafted", g.cat.kindPractices["plan"], s.p.manager)
	s.ev(submitted, "plan.submitted", id, "Individual plan v"+itoa(version)+" submitted for approval", nil, req)
	if status == "submitted" {
		s.approval("plan", id, req, submitted, nil, "pending")
		return id
	}
	s.approval("plan", id, req, submitted, &approvedOn, "approved")
	s.ev(approvedOn, "plan.approved", id, "Individual plan v"+itoa(version)+" approved", g.cat.kindPractices["plan"], s.lastSup)
	return id
}

// revisePlan supersedes the plan in force with a new approved version. The superseded row is
// rewritten in place: it has not been copied yet.
func (s *caseSim) revisePlan(old pgtype.UUID, needs []string, on time.Time) pgtype.UUID {
	for _, row := range s.rs.rows["plans"] {
		if row[0] == old {
			row[3] = "superseded"
		}
	}
	ver := 0
	for _, row := range s.rs.rows["plans"] {
		if row[1] == s.id {
			ver = max(ver, row[2].(int))
		}
	}
	return s.plan(ver+1, needs, on, "approved")
}

var individualTypes = []string{"psychological_support", "mentoring", "religious_dialogue", "former_extremist_mentoring",
	"victims_perspectives", "family_engagement", "health_substance_use", "officer_engagement"}

// sessions writes individual and group sessions from from to to (inclusive), with
// attendance and engagement.
func (s *caseSim) sessions(from, to time.Time, needs []string, preRelease bool, released *time.Time) {
	g := s.g
	if to.After(g.today) {
		to = g.today
	}
	// The case's individual work follows its plan; the psychologist is always involved.
	kinds := []string{"psychological_support"}
	for _, n := range needs {
		for _, t := range needInterventions[n] {
			if slices.Contains(individualTypes, t) && !slices.Contains(kinds, t) {
				kinds = append(kinds, t)
			}
		}
	}
	if s.p.fac.track == "custodial" {
		kinds = append(kinds, "officer_engagement")
	}
	groups := []string{}
	for _, t := range s.p.fac.groupTypes {
		if g.chance(0.4) {
			groups = append(groups, t)
		}
	}
	if len(groups) == 0 {
		groups = []string{s.p.fac.groupTypes[0]}
	}
	staff := append([]pgtype.UUID{s.p.manager}, s.p.manager)
	for _, sp := range s.p.fac.specialists {
		staff = append(staff, sp.id)
	}
	start := s.baseline
	if start.IsZero() {
		start = from
	}
	span := max(1.0, to.Sub(from).Hours()/24)
	engagement := func(d time.Time) any {
		x := 1.5 + 2.2*s.engage + 1.3*s.improve*(d.Sub(from).Hours()/24/span) + (g.r.Float64()-0.5)*1.2
		return max(1, min(5, int(x+0.5)))
	}
	attend := func(sessionID pgtype.UUID, d time.Time, kind, format string, actor pgtype.UUID) {
		var att string
		if g.chance(s.engage*0.95 + 0.04) {
			att = "attended"
			if g.chance(0.07) {
				att = "late"
			}
		} else {
			att = []string{"excused_absence", "unexcused_absence", "refused"}[g.weighted(50, 35, 15)]
		}
		var eng any
		if att == "attended" || att == "late" {
			eng = engagement(d)
		}
		s.rs.add("session_attendance", sessionID, s.id, att, eng)
		s.ev(d, "session", sessionID, g.cat.typeNames[kind]+" ("+format+"): "+strings.ReplaceAll(att, "_", " "),
			g.cat.typePractices[kind], actor)
	}
	// Individual sessions every two to three weeks.
	for d := days(from, g.between(2, 10)); !d.After(to); d = days(d, g.between(16, 28)) {
		kind := pick(g, kinds)
		if preRelease && released == nil && g.chance(0.3) {
			kind = "resettlement_support"
		}
		format := "individual"
		if kind == "family_engagement" {
			format = "family"
		}
		by := pick(g, staff)
		notes := ""
		if g.text {
			notes = pick(g, sessionNotes)
		}
		id := g.uuid()
		s.rs.add("intervention_sessions", id, kind, d, []int{45, 60, 60, 90}[g.r.IntN(4)], format, by, s.p.fac.id, notes, by, g.at(d))
		attend(id, d, kind, format, by)
	}
	// Group programmes meet every other Wednesday at the facility; the case joins most of them.
	first := int(from.Sub(epochMonday).Hours()/24/14) + 1
	lastF := int(to.Sub(epochMonday).Hours() / 24 / 14)
	for f := first; f <= lastF; f++ {
		d := days(epochMonday, f*14+2)
		if d.Before(from) || d.After(to) {
			continue
		}
		for _, kind := range groups {
			if !g.chance(0.75) {
				continue
			}
			key := groupKey{facility: s.p.fac.id, kind: kind, fortnight: f}
			gs := s.rs.groups[key]
			for gs != nil && gs.count >= 12 {
				key.slot++
				gs = s.rs.groups[key]
			}
			if gs == nil {
				by := pick(g, staff)
				notes := ""
				if g.text {
					notes = pick(g, groupNotes)
				}
				row := s.rs.add("intervention_sessions", g.uuid(), kind, d, []int{90, 120}[g.r.IntN(2)], "group", by, s.p.fac.id, notes, by, g.at(d))
				gs = &groupSession{row: row}
				s.rs.groups[key] = gs
			}
			gs.count++
			attend(gs.row[0].(pgtype.UUID), d, kind, "group", gs.row[5].(pgtype.UUID))
		}
	}
}

type milestoneRule struct {
	code   string
	after  int // days after intervention starts (or after release for post-release ones)
	chance float64
	post   bool // counted from release
}

var milestoneRules = []milestoneRule{
	{"consent_and_first_session", 5, 1, false},
	{"sustained_attendance", 100, 0.75, false},
	{"no_disciplinary_incidents", 190, 0.65, false},
	{"family_contact_restored", 150, 0.45, false},
	{"qualification_obtained", 240, 0.35, false},
	{"violence_rejected", 300, 0.4, false},
	{"group_ties_loosened", 330, 0.35, false},
	{"prosocial_network", 360, 0.3, false},
	{"documents_obtained", -60, 0.6, true},
	{"housing_secured", -30, 0.55, true},
	{"employment_secured", -20, 0.45, true},
	{"supervision_compliance", 185, 0.6, true},
}

func (s *caseSim) milestones(i0, end time.Time, released *time.Time) {
	g := s.g
	pendingDone := false
	for _, m := range milestoneRules {
		base := i0
		if m.post {
			if released == nil {
				// Release preparation milestones also happen before a planned release.
				if m.after > 0 || s.p.phase != "pre_release" {
					continue
				}
				base = days(end, 30)
			} else {
				base = *released
			}
		}
		if !g.chance(m.chance) {
			continue
		}
		on := days(base, m.after+g.between(-10, 40))
		if on.Before(i0) {
			on = days(i0, g.between(1, 10))
		}
		if on.After(end) || on.After(g.today) {
			continue
		}
		id := g.uuid()
		evidence := "Recorded by the case team"
		if g.text {
			evidence = milestoneEvidence[m.code]
		}
		claimer := s.p.manager
		req := s.requester()
		claimed := g.at(on)
		verify := g.cat.milestoneVerify[m.code]
		recent := g.today.Sub(on).Hours()/24 < 45 && s.p.phase != "closed"
		pending := verify && recent && !pendingDone && (s.p.pendingMilestone || g.chance(0.25))
		s.ev(on, "milestone.claimed", id, "Milestone claimed: "+m.code, g.cat.milestonePractices[m.code], claimer)
		switch {
		case pending:
			pendingDone = true
			s.rs.add("milestones", id, s.id, m.code, on, evidence, "claimed", claimer, claimed, nil, nil, nil)
			s.approval("milestone", id, req, on, nil, "pending")
			continue
		case !verify:
			s.rs.add("milestones", id, s.id, m.code, on, evidence, "verified", claimer, claimed, claimed, nil, nil)
			continue
		}
		dec := minDate(minDate(days(on, g.between(1, 10)), g.today), end)
		status := "verified"
		if g.chance(0.05) {
			status = "rejected"
		}
		var lapseReason, lapsedOn any
		if status == "verified" && s.p.closure == "reoffended_recalled" && (m.code == "violence_rejected" || m.code == "supervision_compliance" || m.code == "no_disciplinary_incidents") {
			status, lapseReason, lapsedOn = "reversed", "New offence recorded after release", days(end, -g.between(5, 30))
			if lapsedOn.(time.Time).Before(dec) {
				lapsedOn = dec
			}
		} else if status == "verified" && m.code == "no_disciplinary_incidents" && g.chance(0.08) {
			lo := minDate(days(dec, g.between(30, 200)), g.today)
			if !lo.After(end) {
				status, lapseReason, lapsedOn = "lapsed", "Disciplinary incident after the milestone", lo
			}
		}
		s.rs.add("milestones", id, s.id, m.code, on, evidence, status, claimer, claimed, g.at(dec), lapseReason, lapsedOn)
		appStatus := "approved"
		if status == "rejected" {
			appStatus = "rejected"
		}
		s.approval("milestone", id, req, on, &dec, appStatus)
		if status == "rejected" {
			s.ev(dec, "milestone.rejected", id, "Milestone not verified: "+m.code, nil, s.lastSup)
			continue
		}
		s.ev(dec, "milestone.verified", id, "Milestone verified: "+m.code, g.cat.milestonePractices[m.code], s.lastSup)
		if lapsedOn != nil {
			s.ev(lapsedOn.(time.Time), "milestone."+status, id, "Milestone "+status+": "+m.code, nil, claimer)
		}
	}
	if s.p.pendingMilestone && !pendingDone && s.p.phase != "closed" {
		// The demo wants a claim waiting in the queue: a recent one the team has just made.
		on := minDate(days(g.today, -g.between(1, 6)), end)
		code := pick(g, []string{"sustained_attendance", "family_contact_restored", "qualification_obtained", "violence_rejected"})
		id := g.uuid()
		evidence := "Recorded by the case team"
		if g.text {
			evidence = milestoneEvidence[code]
		}
		s.rs.add("milestones", id, s.id, code, on, evidence, "claimed", s.p.manager, g.at(on), nil, nil, nil)
		s.approval("milestone", id, s.requester(), on, nil, "pending")
		s.ev(on, "milestone.claimed", id, "Milestone claimed: "+code, g.cat.milestonePractices[code], s.p.manager)
	}
}

var reintegrationAreas = []string{"housing", "work_education", "family", "mentoring", "supervision", "documents", "health", "community"}

func (s *caseSim) reintegrationPlan(p0, end time.Time, released, expected *time.Time, releaseType any) {
	g := s.g
	created := days(p0, g.between(3, 14))
	if created.After(end) {
		created = end
	}
	status := "approved"
	var decided *time.Time
	if released != nil {
		d := days(*released, -g.between(10, 40))
		if d.Before(created) {
			d = created
		}
		decided = &d
	} else if s.p.phase == "pre_release" {
		switch {
		case s.p.pendingReintegration:
			status = "submitted"
		case g.chance(0.35):
			status = "draft"
		case g.chance(0.3):
			status = "submitted"
		default:
			d := minDate(days(created, g.between(10, 40)), g.today)
			decided = &d
		}
	} else {
		// Closed while in pre-release.
		d := minDate(days(created, g.between(5, 20)), end)
		decided = &d
	}
	if decided == nil && status == "approved" {
		status = "draft"
	}
	agency := s.p.fac.agency
	rt := releaseType
	if rt == nil {
		rt = pick(g, []string{"parole", "end_of_sentence", "conditional"})
	}
	version := g.between(1, 4)
	updated := created
	var decidedAt any
	if decided != nil {
		updated, decidedAt = *decided, g.at(*decided)
	}
	s.rs.add("reintegration_plans", s.id, status, datePtr(expected), rt, agency, version, s.p.manager, g.at(updated), decidedAt)
	areas := slices.Clone(reintegrationAreas)
	g.r.Shuffle(len(areas), func(i, j int) { areas[i], areas[j] = areas[j], areas[i] })
	for _, a := range areas[:g.between(5, 8)] {
		st := "in_progress"
		switch {
		case released != nil && g.chance(0.85):
			st = "in_place"
		case released == nil && g.chance(0.25):
			st = "not_started"
		case released == nil && g.chance(0.3):
			st = "in_place"
		}
		desc := ""
		if g.text {
			desc = reintegrationTexts[a]
		}
		s.rs.add("reintegration_items", s.id, a, st, desc)
	}
	s.ev(created, "reintegration_plan.created", s.id, "Reintegration plan drafted", g.cat.kindPractices["reintegration_plan"], s.p.manager)
	req := s.requester()
	if status == "submitted" {
		sub := minDate(days(created, g.between(2, 10)), g.today)
		s.approval("reintegration_plan", s.id, req, sub, nil, "pending")
		s.ev(sub, "reintegration_plan.submitted", s.id, "Reintegration plan submitted for approval", nil, req)
	}
	if decided != nil {
		sub := days(*decided, -g.between(1, 5))
		if sub.Before(created) {
			sub = created
		}
		s.approval("reintegration_plan", s.id, req, sub, decided, "approved")
		s.ev(sub, "reintegration_plan.submitted", s.id, "Reintegration plan submitted for approval", nil, req)
		s.ev(*decided, "reintegration_plan.approved", s.id, "Reintegration plan approved", g.cat.kindPractices["reintegration_plan"], s.lastSup)
	}
}

func (s *caseSim) followUps(released, end time.Time) {
	g := s.g
	offence := s.p.newOffence
	if s.p.closure == "reoffended_recalled" {
		offence = "conviction"
		if g.chance(0.3) {
			offence = "charge"
		}
	}
	var months []int
	for _, m := range []int{3, 6, 12, 24} {
		if !released.AddDate(0, m, 0).After(end) {
			months = append(months, m)
		}
	}
	if offence != "" && len(months) == 0 {
		months = []int{3}
	}
	for i, m := range months {
		on := released.AddDate(0, m, g.between(-5, 10))
		if on.After(end) {
			on = end
		}
		t := float64(m) / 24
		housing := []string{"stable", "temporary", "homeless", "unknown"}[g.weighted(50+40*t, 35-25*t, 5, 8)]
		work := []string{"employed", "in_education", "unemployed", "unable", "unknown"}[g.weighted(25+35*t, 15, 45-30*t, 5, 8)]
		family := []string{"regular", "occasional", "none", "unknown"}[g.weighted(50, 30, 12, 8)]
		compliance := []string{"compliant", "minor_breach", "major_breach", "not_applicable"}[g.weighted(78, 14, 3, 5)]
		newOffence, category, offenceOn := "none", any(nil), any(nil)
		if offence != "" && i == len(months)-1 {
			newOffence = offence
			category = []string{"09051", "09059", "0901", "02"}[g.weighted(45, 30, 15, 10)]
			oo := days(on, -g.between(5, 40))
			if oo.Before(released) {
				oo = released
			}
			offenceOn = oo
			compliance = "major_breach"
		}
		notes := ""
		if g.text {
			notes = followUpNotes[newOffence]
		}
		id := g.uuid()
		s.rs.add("follow_ups", id, s.id, on, m, housing, work, family, compliance, newOffence, category, offenceOn, notes, s.p.manager, g.at(on))
		summary := itoa(m) + "-month follow-up recorded"
		if newOffence != "none" {
			summary += ": new offence (" + newOffence + ")"
		}
		s.ev(on, "follow_up", id, summary, g.cat.kindPractices["follow_up"], s.p.manager)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

func uuidString(u pgtype.UUID) string {
	const hex = "0123456789abcdef"
	var b [36]byte
	j := 0
	for i, x := range u.Bytes {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[j] = '-'
			j++
		}
		b[j], b[j+1] = hex[x>>4], hex[x&0x0f]
		j += 2
	}
	return string(b[:])
}

// Free text for the demo. None of it names or dates a person: the notes describe work done,
// in the way the identifier screening expects staff to write.
var (
	sessionNotes = []string{
		"Worked through the problem-solving steps; participant applied them to a recent conflict on the wing.",
		"Discussed sources of grievance and alternative ways of responding. Open and reflective today.",
		"Reviewed progress against the plan goals. Agreed on homework for the next session.",
		"Participant was guarded at first, then engaged with the exercise on perspective taking.",
		"Explored what a life outside the group could look like; identified two concrete steps.",
		"Short session: participant was tired after a difficult week, agreed to continue next time.",
		"Practised de-escalation techniques through role play.",
		"Reflected on the harm caused to victims; strong emotional response, handled well.",
	}
	groupNotes = []string{
		"Group worked well together; two newer members contributed for the first time.",
		"Structured discussion on respectful disagreement. Good participation overall.",
		"Practical workshop session; the group completed the planned module.",
		"Some tension at the start, resolved by the facilitator; productive second half.",
	}
	ratingEvidence = []string{
		"Observed in sessions and confirmed in file review.",
		"Based on interview and officer reports.",
		"Participant's own account, consistent with records.",
		"Limited information so far; to be reviewed.",
		"Consistent across the last three months of sessions.",
	}
	rationales = map[string]string{
		"low":      "Protective factors now outweigh risk factors; engagement is consistent and the participant distances themselves from violence.",
		"moderate": "Mixed picture: some attitudinal change, but network and grievance factors remain present.",
		"high":     "Strong identification with the cause and endorsement of violence; limited engagement so far.",
	}
	planSummaries = []string{
		"Focus on grievance, identity and building a life outside the group, with family support.",
		"Build cognitive skills and prepare for work; reduce contact with violent networks.",
		"Address the ideological justification of violence through dialogue, with psychological support.",
	}
	goalTexts = map[string]string{
		"B1": "Examine and challenge the justification of violence.",
		"B2": "Develop empathy and a more nuanced view of other groups.",
		"B3": "Strengthen the participant's own critical questioning of the ideology.",
		"I1": "Build an identity that does not depend on the group.",
		"I2": "Work through grievances and find legitimate ways to address them.",
		"I3": "Develop valued roles in work, family or community.",
		"N1": "Reduce contact with people who support violence.",
		"N2": "Restore supportive family contact.",
		"N3": "Build pro-social friendships and community ties.",
		"C1": "Reduce interest in weapons and related skills.",
		"C2": "Learn non-violent ways of handling conflict.",
		"C3": "Gain education or vocational skills for release.",
		"M1": "Sustain motivation and engagement with the programme.",
		"M2": "Address mental-health and substance problems with treatment.",
		"M3": "Build hope and concrete plans for the future.",
	}
	milestoneEvidence = map[string]string{
		"consent_and_first_session": "Consent form on file; first session attended.",
		"sustained_attendance":      "Attendance register shows more than four in five sessions attended over three months.",
		"no_disciplinary_incidents": "No proven adjudications in the period, per the prison record.",
		"violence_rejected":         "Consistent statements in sessions, confirmed by the team review.",
		"group_ties_loosened":       "Correspondence and visits show reduced contact with the network.",
		"family_contact_restored":   "Regular family visits and calls resumed.",
		"prosocial_network":         "Takes part in community and sports activity with pro-social peers.",
		"qualification_obtained":    "Course certificate obtained.",
		"employment_secured":        "Placement with an employer agreed for release.",
		"housing_secured":           "Tenancy arranged with the housing service.",
		"documents_obtained":        "Identity documents issued.",
		"supervision_compliance":    "Probation reports full compliance for six months.",
	}
	reintegrationTexts = map[string]string{
		"housing":        "Accommodation arranged through the housing service.",
		"work_education": "Work placement or course arranged.",
		"family":         "Family meetings held to prepare for return.",
		"mentoring":      "Community mentor matched.",
		"supervision":    "Supervision conditions explained and agreed.",
		"documents":      "Identity documents and benefits applications in hand.",
		"health":         "Registration with a general practitioner and follow-up care.",
		"community":      "Introduction to a community organisation.",
	}
	followUpNotes = map[string]string{
		"none":       "Settling in; keeps appointments and reports no problems.",
		"arrest":     "Arrested on suspicion of a new offence; supervising agency informed.",
		"charge":     "Charged with a new offence; case reviewed with the supervising agency.",
		"conviction": "Convicted of a new offence; recalled to custody.",
	}
	closureReasons = map[string]string{
		"withdrawn":                  "Participant withdrew consent after discussion with the team.",
		"transferred_out":            "Transferred to a facility outside the programme.",
		"reoffended_recalled":        "New offence after release; recalled to custody.",
		"released_without_programme": "Released before the programme could start.",
		"deceased":                   "Participant died in custody; natural causes.",
		"other":                      "Programme ended for administrative reasons.",
	}
	approvalComments = []string{"Agreed.", "Approved after team review.", "Approved; review in three months.", "Fine, proceed."}
)
