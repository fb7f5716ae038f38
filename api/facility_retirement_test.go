package api_test

import (
	"fmt"
	"sync"
	"testing"
)

// A retired facility holds no open case (attack round 6): a facility a pending transfer is
// bringing a case to cannot be retired, and an intake racing the retirement of its facility
// never leaves an open case in a retired facility.
func TestRetiredFacilityHoldsNoOpenCase(t *testing.T) {
	e := newEnv(t)
	admin, pr, sup := e.as("admin"), e.as("practitioner"), e.as("supervisor")
	k, _ := e.openCase(pr, nil)
	pr.do("POST", "/api/v1/cases/"+k.ID+"/transfers", map[string]any{"to_facility_id": e.world.Riverside, "reason": "Closer to the family",
		"transfer_on": dateIn(7)}, "If-Match", e.etag(pr, k.ID)).want(201)
	admin.do("PATCH", "/api/v1/facilities/"+e.world.Riverside, map[string]any{"retired": true}).problem(409)

	for round := range 4 {
		id := admin.do("POST", "/api/v1/facilities", map[string]any{"country": "XA", "name": fmt.Sprintf("Annex %d", round), "kind": "prison"}).
			want(201).json()["id"].(string)
		var intake, retire int
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); intake = sup.do("POST", "/api/v1/cases", e.intakeBody(id, nil)).status }()
		go func() {
			defer wg.Done()
			retire = admin.do("PATCH", "/api/v1/facilities/"+id, map[string]any{"retired": true}).status
		}()
		wg.Wait()
		if intake == 201 && retire == 200 {
			t.Fatalf("round %d: the intake and the retirement both succeeded", round)
		}
		if intake != 201 && intake != 422 || retire != 200 && retire != 409 {
			t.Fatalf("round %d: intake %d, retirement %d", round, intake, retire)
		}
	}
}
