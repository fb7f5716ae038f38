// Package policy holds the access matrix (policy.csv) and the Casbin model that reads it,
// both embedded in the binary.
package policy

import (
	_ "embed"
	"fmt"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"
)

//go:embed model.conf
var modelText string

//go:embed policy.csv
var policyText string

// Enforcer answers whether a role may perform an action on an object.
type Enforcer struct {
	e *casbin.SyncedEnforcer
}

// New loads the embedded model and policy.
func New() (*Enforcer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("policy model: %w", err)
	}
	e, err := casbin.NewSyncedEnforcer(m, stringadapter.NewAdapter(policyText))
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	return &Enforcer{e: e}, nil
}

// Allow reports whether role may perform act on obj.
func (p *Enforcer) Allow(role, obj, act string) bool {
	ok, err := p.e.Enforce(role, obj, act)
	return err == nil && ok
}

// Rules lists the policy lines as (role, object, action) triples.
func (p *Enforcer) Rules() [][]string {
	rules, _ := p.e.GetPolicy()
	return rules
}
