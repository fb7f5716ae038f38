package domain

// CoveredPoint is one follow-up point as coverage counts it: the breakdown's code it falls
// under ("" without a breakdown; a point is given once per code of a breakdown whose codes
// overlap, such as categories), its participant and both record keys, and how it stood on
// the period's last day.
type CoveredPoint struct {
	Code      string
	Person    [16]byte // the participant's id
	PersonKey uint32   // the participant's record key
	Key       uint32   // the point's record key
	Status    string   // reached, not_reached or open
	Reason    string   // why it was not reached ("" otherwise)
}

// CountFollowUps adds points up into coverage cells (FollowUpStatuses) per code of the
// breakdown by, and into its total (TotalCode) where its codes do not overlap. A person is
// counted once in each cell and status however many of their points it holds. Every cell
// made has every status, and the cell of the whole ("" without a breakdown, else the total)
// is there even when no point is, so that an empty population reads as zeros.
func CountFollowUps(points []CoveredPoint, by Dimension) map[string]FollowUpCells {
	index := make(map[string]int, len(FollowUpStatuses))
	for i, s := range FollowUpStatuses {
		index[s] = i
	}
	// Per cell, a Cell per status and, per person, the statuses they were counted in (a
	// bit each), so that a point costs one look-up of its person per cell.
	type tally struct {
		cells  []*Cell
		people map[[16]byte]uint16
	}
	tallies := map[string]*tally{}
	open := func(code string) *tally {
		t, ok := tallies[code]
		if !ok {
			t = &tally{people: map[[16]byte]uint16{}}
			for range FollowUpStatuses {
				t.cells = append(t.cells, &Cell{HasPeople: true})
			}
			tallies[code] = t
		}
		return t
	}
	total := by != "" && !by.MultiValued()
	switch {
	case by == "":
		open("")
	case total:
		open(TotalCode)
	}
	due := index["due"]
	var inBuf [3]int
	var codeBuf [2]string
	for _, p := range points {
		in := append(inBuf[:0], due)
		if i, ok := index[p.Status]; ok && i != due {
			in = append(in, i)
		}
		if i, ok := index[p.Reason]; ok && p.Reason != "" {
			in = append(in, i)
		}
		codes := append(codeBuf[:0], p.Code)
		if total {
			codes = append(codes, TotalCode)
		}
		for _, code := range codes {
			t := open(code)
			seen := t.people[p.Person]
			for _, i := range in {
				c := t.cells[i]
				c.Units = c.Units.Add(Units{N: 1, Key: CellKey(p.Key)})
				if seen&(1<<i) == 0 {
					seen |= 1 << i
					c.People = c.People.Add(Units{N: 1, Key: CellKey(p.PersonKey)})
				}
			}
			t.people[p.Person] = seen
		}
	}
	out := make(map[string]FollowUpCells, len(tallies))
	for code, t := range tallies {
		fc := FollowUpCells{}
		for i, s := range FollowUpStatuses {
			fc[s] = t.cells[i]
		}
		out[code] = fc
	}
	return out
}

// CohortUnit is one unit of a rate judged on the people behind it too (the per-release
// rates): the code it falls under in each of the figure's dimensions (one or two), whether it counts in
// the numerator, its participant and both record keys.
type CohortUnit struct {
	Keys      []string
	Hit       bool
	Person    [16]byte
	PersonKey uint32
	Key       uint32
}

// CountCohort adds units up into the cells of each grouping set, a set being the positions
// of the dimensions it keeps (the others read TotalCode): units, numerator and the people
// behind the units, each person once per cell. Cells come in the order first met.
func CountCohort(units []CohortUnit, sets [][]int) []*Cell {
	type tally struct {
		cell   *Cell
		people map[[16]byte]bool
	}
	// A figure has at most two dimensions (its own and a breakdown): cells are found by their
	// codes as an array, without building a key per unit.
	byKey := map[[2]string]*tally{}
	var out []*Cell
	for _, u := range units {
		for _, set := range sets {
			var id [2]string
			for i := range u.Keys {
				id[i] = TotalCode
			}
			for _, i := range set {
				id[i] = u.Keys[i]
			}
			t, ok := byKey[id]
			if !ok {
				t = &tally{cell: &Cell{Keys: append([]string(nil), id[:len(u.Keys)]...), HasPeople: true}, people: map[[16]byte]bool{}}
				byKey[id] = t
				out = append(out, t.cell)
			}
			t.cell.Units = t.cell.Units.Add(Units{N: 1, Key: CellKey(u.Key)})
			if u.Hit {
				t.cell.Hit = t.cell.Hit.Add(Units{N: 1, Key: CellKey(u.Key)})
			}
			if !t.people[u.Person] {
				t.people[u.Person] = true
				t.cell.People = t.cell.People.Add(Units{N: 1, Key: CellKey(u.PersonKey)})
			}
		}
	}
	return out
}
