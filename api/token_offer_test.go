package api_test

import (
	"slices"
	"testing"
)

// offers reads the issuable roles of the token list: role → scope kinds.
func offers(t *testing.T, c *client) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	body := c.do("GET", "/api/v1/tokens", nil).want(200).json()
	for _, o := range body["issuable"].([]any) {
		m := o.(map[string]any)
		var kinds []string
		for _, k := range m["scope_kinds"].([]any) {
			kinds = append(kinds, k.(string))
		}
		out[m["role"].(string)] = kinds
		if len(m["routes"].([]any)) == 0 {
			t.Errorf("offer %v has no routes", m)
		}
	}
	return out
}

// The token list says which roles the caller may issue, and where: what the rules accept and
// nothing else. A country administrator is not offered the auditor role (granted only
// globally), nor a global scope; both are refused when sent anyway. No offer ever holds a
// case-reading role.
func TestTokenListOffersOnlyIssuableRoles(t *testing.T) {
	e := newEnv(t)
	countryAdmins(e)
	global := offers(t, e.as("admin"))
	if want := []string{"global", "country", "facility"}; !slices.Equal(global["national_authority"], want) || !slices.Equal(global["admin"], want) {
		t.Errorf("global admin offers %v", global)
	}
	if !slices.Equal(global["auditor"], []string{"global"}) {
		t.Errorf("auditor offered in %v, want global only", global["auditor"])
	}
	xb := offers(t, e.as("adminxb"))
	if _, ok := xb["auditor"]; ok || len(xb) != 2 || !slices.Equal(xb["national_authority"], []string{"country", "facility"}) {
		t.Errorf("country admin offers %v", xb)
	}
	for _, all := range []map[string][]string{global, xb} {
		for _, role := range []string{"practitioner", "supervisor"} {
			if _, ok := all[role]; ok {
				t.Errorf("%s offered for a token", role)
			}
		}
	}
	// What is not offered is refused when sent.
	c := e.as("adminxb")
	c.do("POST", "/api/v1/tokens", map[string]any{"name": "a", "role": "auditor", "scope_kind": "global", "routes": []string{"audit"}, "expires_in_days": 1}).problem(403)
	c.do("POST", "/api/v1/tokens", map[string]any{"name": "a", "role": "auditor", "scope_kind": "country", "country": "XB", "routes": []string{"audit"}, "expires_in_days": 1}).problem(422)
	c.do("POST", "/api/v1/tokens", map[string]any{"name": "a", "role": "national_authority", "scope_kind": "global", "routes": []string{"statistics"}, "expires_in_days": 1}).problem(403)
	// And what is offered alone is issued at once.
	c.do("POST", "/api/v1/tokens", map[string]any{"name": "feed", "role": "national_authority", "scope_kind": "country", "country": "XB", "routes": []string{"statistics"}, "expires_in_days": 1}).want(201)
}

// A country administrator lists and revokes the tokens of their country only: another
// country's token is not listed, and revoking it is the 404 of a missing one, audited as
// denied; the token keeps working.
func TestCountryAdminRevokesTokensInCountryOnly(t *testing.T) {
	e := newEnv(t)
	countryAdmins(e)
	xa := e.as("admin").do("POST", "/api/v1/tokens", map[string]any{"name": "xa-feed", "role": "national_authority", "scope_kind": "country", "country": "XA",
		"routes": []string{"statistics"}, "expires_in_days": 5}).want(201).json()
	xb := e.as("adminxb")
	for _, it := range xb.do("GET", "/api/v1/tokens", nil).want(200).json()["items"].([]any) {
		if it.(map[string]any)["name"] == "xa-feed" {
			t.Error("a country admin lists another country's token")
		}
		if _, leaked := it.(map[string]any)["token"]; leaked {
			t.Error("the token list carries a secret")
		}
	}
	xb.do("DELETE", "/api/v1/tokens/"+xa["id"].(string), nil).problem(404)
	e.withToken(xa["token"].(string)).do("GET", "/api/v1/statistics/indicators", nil).want(200)
	if n := len(auditEvents(t, e.as("auditor"), "actor=adminxb&outcome=denied&action=token.revoke")); n != 1 {
		t.Errorf("denied revoke audited %d times, want 1", n)
	}
	// The global administrator may; the token then stops.
	e.as("admin").do("DELETE", "/api/v1/tokens/"+xa["id"].(string), nil).want(204)
	e.withToken(xa["token"].(string)).do("GET", "/api/v1/statistics/indicators", nil).problem(401)
}
