// Package seed fills a Pathways database with generated case histories: the demonstration
// world that `pathways seed --demo` loads (a fixed cast of about forty cases, the same on
// every run, dated around the day it is loaded) and the synthetic cases of
// `pathways seed --synthetic N` (random draws in the proportions of a programme that has run
// for some years, for load and statistics work).
//
// One generator walks each case through its phases and makes every record a programme would
// have made on the way, as rows for the store's bulk load (postgres.BulkBatch). It speaks
// no SQL: what it reads and writes goes through the store's exported methods. The rules it
// follows are the domain's: pseudonyms (domain.PseudonymFrom), which phase changes need a
// supervisor (domain.Lifecycle), follow-up schedules (domain.SchedulePoints).
//
// Files: seed.go (this: counts, the batch), generator.go (random draws, ids), world.go
// (facilities and staff cases are placed with), simulate*.go (one case's history, phase by
// phase), records_*.go (the records of each kind), releases.go (releases and follow-up
// points), demo*.go (the demonstration world), synthetic.go (bulk synthetic cases),
// texts.go (free texts).
package seed

import (
	"time"

	"pathways/domain/postgres"
)

// Counts is how many rows a seed wrote, by table.
type Counts map[string]int64

// eventTables are the tables whose rows count as "recorded events" in the figures the seeds
// report: what statistics are computed over.
var eventTables = []string{"session_attendance", "case_events", "assessments", "milestones", "follow_ups", "phase_changes"}

// Events is the number of recorded events among the rows (attendance, timeline entries,
// assessments, milestones, follow-ups, phase changes).
func (c Counts) Events() int64 {
	var n int64
	for _, t := range eventTables {
		n += c[t]
	}
	return n
}

// add adds other's counts to c.
func (c Counts) add(other postgres.BulkCounts) {
	for k, v := range other {
		c[k] += v
	}
}

type id = postgres.BulkID

// batch is one bulk batch being filled, with the group sessions still open to more
// participants and how many cases it holds.
type batch struct {
	postgres.BulkBatch
	groups map[groupKey]int // index into Sessions
	joined map[int]int      // participants per group session (index into Sessions)
	cases  int
}

type groupKey struct {
	facility  id
	kind      string
	fortnight int
	slot      int
}

func newBatch() *batch {
	return &batch{groups: map[groupKey]int{}, joined: map[int]int{}}
}

// finish turns group sessions that only one participant joined into individual ones, on
// their timeline lines too, with notes that fit one person: the work done with them, or their
// absence (a group's notes would describe people who were not there).
func (b *batch) finish() {
	made := map[string]bool{}
	for _, i := range b.groups {
		if b.joined[i] == 1 {
			b.Sessions[i].Format = "individual"
			made[b.Sessions[i].ID.String()] = true
		}
	}
	if len(made) == 0 {
		return
	}
	missed := map[id]string{} // the one participant's absence, by session
	for _, a := range b.Attendance {
		if absent(a.Attendance) && made[a.SessionID.String()] {
			missed[a.SessionID] = a.Attendance
		}
	}
	for i := range b.Sessions {
		row := &b.Sessions[i]
		if !made[row.ID.String()] || row.Notes == "" {
			continue
		}
		row.Notes = sessionNotes[i%len(sessionNotes)]
		if att, ok := missed[row.ID]; ok {
			row.Notes = AbsenceNotes[att][i%len(AbsenceNotes[att])]
		}
	}
	b.individualSessionLines(made)
}

// settleVersions gives every case the version its timeline gives it (1 + its entries) and
// the time of its latest entry as its last update.
func (b *batch) settleVersions() {
	n := map[id]int{}
	last := map[id]time.Time{}
	for _, e := range b.Events {
		n[e.CaseID]++
		if e.At.After(last[e.CaseID]) {
			last[e.CaseID] = e.At
		}
	}
	for i := range b.Cases {
		c := &b.Cases[i]
		c.Version = 1 + n[c.ID]
		if t := last[c.ID]; t.After(c.UpdatedAt) {
			c.UpdatedAt = t
		}
	}
}

func days(d time.Time, n int) time.Time { return d.AddDate(0, 0, n) }

func minDate(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func ptr[T any](v T) *T { return &v }
