package domain

import (
	"fmt"
	"testing"
)

func person(i int) [16]byte { return [16]byte{byte(i)} }

func TestCountFollowUps(t *testing.T) {
	// One person with two points (one reached, one lost), another with one open point, a
	// third not reached because in custody: each person once per status.
	pts := []CoveredPoint{
		{Code: "north", Person: person(1), PersonKey: 10, Key: 100, Status: "reached"},
		{Code: "north", Person: person(1), PersonKey: 10, Key: 200, Status: "not_reached", Reason: "lost_contact"},
		{Code: "river", Person: person(2), PersonKey: 20, Key: 300, Status: "open"},
		{Code: "north", Person: person(3), PersonKey: 30, Key: 400, Status: "not_reached", Reason: "in_custody"},
	}
	type want struct{ n, key, people, peopleKey int64 }
	for _, tc := range []struct {
		name string
		by   Dimension
		cell string
		want map[string]want
	}{
		{"a cell", DimFacility, "north", map[string]want{"due": {3, 700, 2, 40}, "reached": {1, 100, 1, 10},
			"not_reached": {2, 600, 2, 40}, "lost_contact": {1, 200, 1, 10}, "in_custody": {1, 400, 1, 30}, "open": {0, 0, 0, 0}, "deceased": {}}},
		{"the total", DimFacility, TotalCode, map[string]want{"due": {4, 1000, 3, 60}, "open": {1, 300, 1, 20}, "not_reached": {2, 600, 2, 40}}},
		{"no breakdown", "", "", map[string]want{"due": {4, 1000, 3, 60}, "refused": {}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := pts
			if tc.by == "" {
				p = nil
				for _, x := range pts {
					x.Code = ""
					p = append(p, x)
				}
			}
			got := CountFollowUps(p, tc.by)
			cells, ok := got[tc.cell]
			if !ok {
				t.Fatalf("no cell %q in %v", tc.cell, got)
			}
			if len(cells) != len(FollowUpStatuses) {
				t.Errorf("cell %q has %d statuses, want all %d", tc.cell, len(cells), len(FollowUpStatuses))
			}
			for s, w := range tc.want {
				c := cells[s]
				if c.Units.N != w.n || int64(c.Units.Key) != w.key || c.People.N != w.people || int64(c.People.Key) != w.peopleKey || !c.HasPeople {
					t.Errorf("%s: got %+v people %+v, want %+v", s, c.Units, c.People, w)
				}
			}
		})
	}
	// Overlapping codes have no total; nothing at all still reads as zeros.
	if _, ok := CountFollowUps(pts, DimCategory)[TotalCode]; ok {
		t.Error("a breakdown whose codes overlap got a total")
	}
	if c := CountFollowUps(nil, DimFacility)[TotalCode]; c == nil || c["due"].Units.N != 0 {
		t.Errorf("no points: total %v, want zeros", c)
	}
	// Keys wrap at the modulus.
	big := []CoveredPoint{{Person: person(1), PersonKey: 1 << 31, Key: 1 << 31, Status: "open"}, {Person: person(2), PersonKey: 1 << 31, Key: 1<<31 + 5, Status: "open"}}
	if c := CountFollowUps(big, "")[""]["due"]; c.Units.Key != 5 || c.People.Key != 0 {
		t.Errorf("keys did not wrap: %+v %+v", c.Units, c.People)
	}
}

func TestCountCohort(t *testing.T) {
	// Person 1 released twice (one hit), person 2 once; by facility with its margin.
	units := []CohortUnit{
		{Keys: []string{"any", "north"}, Hit: true, Person: person(1), PersonKey: 10, Key: 1},
		{Keys: []string{"any", "river"}, Person: person(1), PersonKey: 10, Key: 2},
		{Keys: []string{"any", "north"}, Person: person(2), PersonKey: 20, Key: 4},
	}
	cells := CountCohort(units, [][]int{{0, 1}, {0}})
	got := map[string]string{}
	for _, c := range cells {
		got[fmt.Sprint(c.Keys)] = fmt.Sprintf("%d/%d hit %d/%d people %d/%d", c.Units.N, c.Units.Key, c.Hit.N, c.Hit.Key, c.People.N, c.People.Key)
	}
	want := map[string]string{
		"[any north]": "2/5 hit 1/1 people 2/30",
		"[any river]": "1/2 hit 0/0 people 1/10",
		"[any _T]":    "3/7 hit 1/1 people 2/30", // person 1 once in the margin
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// BenchmarkCountFollowUps counts a year's points of the largest country at 100,000 cases
// (41,000 points of 25,600 people) by facility.
func BenchmarkCountFollowUps(b *testing.B) {
	statuses := []string{"reached", "reached", "reached", "open", "not_reached"}
	codes := []string{"f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"}
	var pts []CoveredPoint
	for i := 0; i < 41000; i++ {
		who := i % 25600
		p := CoveredPoint{Code: codes[who%10], Person: [16]byte{byte(who), byte(who >> 8)}, Key: uint32(i * 7919), Status: statuses[i%5]}
		if p.Status == "not_reached" {
			p.Reason = "in_custody"
		}
		pts = append(pts, p)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		CountFollowUps(pts, DimFacility)
	}
}
