package api_test

import (
	"regexp"
	"strings"
	"testing"
)

// allow marks a role the route lets through: any answer but 401, 403 or a 5xx. What the
// route then does is for its own tests; this table is about who gets past the door.
const allow = 0

// callers in the order of every row below.
var callers = []string{"admin", "supervisor", "practitioner", "national", "auditor", "anonymous"}

// accessMatrix: every route of the routing table × every role. A route missing here, or a
// row of the wrong length, fails the test.
var accessMatrix = map[string][6]int{
	//                                          admin  supervisor practitioner national auditor anonymous
	"GET /healthz":                              {allow, allow, allow, allow, allow, allow},
	"GET /readyz":                               {allow, allow, allow, allow, allow, allow},
	"GET /api/v1/openapi.json":                  {allow, allow, allow, allow, allow, allow},
	"POST /api/v1/auth/login":                   {allow, allow, allow, allow, allow, allow},
	"POST /api/v1/auth/logout":                  {allow, allow, allow, allow, allow, 401},
	"POST /api/v1/auth/set-password":            {allow, allow, allow, allow, allow, allow},
	"GET /api/v1/me":                            {allow, allow, allow, allow, allow, 401},
	"POST /api/v1/me/totp":                      {allow, allow, allow, allow, allow, 401},
	"POST /api/v1/me/totp/confirm":              {allow, allow, allow, allow, allow, 401},
	"PUT /api/v1/me/language":                   {allow, allow, allow, allow, allow, 401},
	"GET /api/v1/users":                         {allow, 403, 403, 403, 403, 401},
	"POST /api/v1/users":                        {allow, 403, 403, 403, 403, 401},
	"PATCH /api/v1/users/:id":                   {allow, 403, 403, 403, 403, 401},
	"POST /api/v1/users/:id/password-reset":     {allow, 403, 403, 403, 403, 401},
	"POST /api/v1/users/:id/memberships":        {allow, 403, 403, 403, 403, 401},
	"DELETE /api/v1/users/:id/memberships/:mid": {allow, 403, 403, 403, 403, 401},
	"GET /api/v1/tokens":                        {allow, 403, 403, 403, 403, 401},
	"POST /api/v1/tokens":                       {allow, 403, 403, 403, 403, 401},
	"DELETE /api/v1/tokens/:id":                 {allow, 403, 403, 403, 403, 401},
	"GET /api/v1/admin-requests":                {allow, 403, 403, 403, 403, 401},
	"POST /api/v1/admin-requests/:id/approve":   {allow, 403, 403, 403, 403, 401},
	"POST /api/v1/admin-requests/:id/reject":    {allow, 403, 403, 403, 403, 401},
	"GET /api/v1/countries":                     {allow, allow, allow, 403, 403, 401},
	"GET /api/v1/facilities":                    {allow, allow, allow, 403, 403, 401},
	"POST /api/v1/facilities":                   {allow, 403, 403, 403, 403, 401},
	"PATCH /api/v1/facilities/:id":              {allow, 403, 403, 403, 403, 401},
	"GET /api/v1/programmes":                    {allow, allow, allow, 403, 403, 401},
	"POST /api/v1/programmes":                   {allow, 403, 403, 403, 403, 401},
	"PATCH /api/v1/programmes/:id":              {allow, 403, 403, 403, 403, 401},
	"GET /api/v1/audit":                         {403, 403, 403, 403, allow, 401},
	"POST /api/v1/audit/verify":                 {403, 403, 403, 403, allow, 401},
	"GET /api/v1/audit/checkpoints":             {403, 403, 403, 403, allow, 401},
	// Statistics.
	"GET /api/v1/statistics/indicators": {403, allow, 403, allow, 403, 401},
	"GET /api/v1/statistics/coverage":   {403, allow, 403, allow, 403, 401},
	"GET /api/v1/statistics/:indicator": {403, allow, 403, allow, 403, 401},
	// Cases: the case, its lifecycle and the approvals queue.
	"POST /api/v1/cases":                 {403, allow, allow, 403, 403, 401},
	"GET /api/v1/cases":                  {403, allow, allow, 403, 403, 401},
	"GET /api/v1/cases/:id":              {403, allow, allow, 403, 403, 401},
	"PATCH /api/v1/cases/:id":            {403, allow, allow, 403, 403, 401},
	"PUT /api/v1/cases/:id/team":         {403, allow, 403, 403, 403, 401},
	"GET /api/v1/cases/:id/timeline":     {403, allow, allow, 403, 403, 401},
	"GET /api/v1/cases/:id/transitions":  {403, allow, allow, 403, 403, 401},
	"POST /api/v1/cases/:id/transitions": {403, allow, allow, 403, 403, 401},
	"GET /api/v1/approvals":              {403, allow, 403, 403, 403, 401},
	"POST /api/v1/approvals/:id/approve": {403, allow, 403, 403, 403, 401},
	"POST /api/v1/approvals/:id/reject":  {403, allow, 403, 403, 403, 401},

	// Cases: records, catalogues, memorandum mapping.
	"GET /api/v1/practices":                            {allow, allow, allow, allow, allow, 401},
	"GET /api/v1/intervention-types":                   {allow, allow, allow, 403, 403, 401},
	"POST /api/v1/intervention-types":                  {allow, 403, 403, 403, 403, 401},
	"POST /api/v1/intervention-types/:code/retire":     {allow, 403, 403, 403, 403, 401},
	"GET /api/v1/milestone-definitions":                {allow, allow, allow, 403, 403, 401},
	"POST /api/v1/milestone-definitions":               {allow, 403, 403, 403, 403, 401},
	"POST /api/v1/milestone-definitions/:code/retire":  {allow, 403, 403, 403, 403, 401},
	"GET /api/v1/instruments":                          {allow, allow, allow, 403, 403, 401},
	"POST /api/v1/instruments":                         {allow, 403, 403, 403, 403, 401},
	"GET /api/v1/instruments/:code":                    {allow, allow, allow, 403, 403, 401},
	"GET /api/v1/closure-reasons":                      {allow, allow, allow, 403, 403, 401},
	"GET /api/v1/offence-categories":                   {allow, allow, allow, 403, 403, 401},
	"GET /api/v1/cases/:id/assessments":                {403, allow, allow, 403, 403, 401},
	"POST /api/v1/cases/:id/assessments":               {403, allow, allow, 403, 403, 401},
	"PUT /api/v1/cases/:id/assessments/:aid":           {403, allow, allow, 403, 403, 401},
	"POST /api/v1/cases/:id/assessments/:aid/finalise": {403, allow, allow, 403, 403, 401},
	"POST /api/v1/cases/:id/assessments/:aid/discard":  {403, allow, allow, 403, 403, 401},
	"GET /api/v1/cases/:id/plans":                      {403, allow, allow, 403, 403, 401},
	"POST /api/v1/cases/:id/plans":                     {403, allow, allow, 403, 403, 401},
	"POST /api/v1/plans/:pid/submit":                   {403, allow, allow, 403, 403, 401},
	"GET /api/v1/cases/:id/sessions":                   {403, allow, allow, 403, 403, 401},
	"POST /api/v1/cases/:id/sessions":                  {403, allow, allow, 403, 403, 401},
	"POST /api/v1/sessions":                            {403, allow, allow, 403, 403, 401},
	"GET /api/v1/cases/:id/milestones":                 {403, allow, allow, 403, 403, 401},
	"POST /api/v1/cases/:id/milestones":                {403, allow, allow, 403, 403, 401},
	"POST /api/v1/cases/:id/milestones/:mid/lapse":     {403, allow, allow, 403, 403, 401},
	"GET /api/v1/cases/:id/reintegration-plan":         {403, allow, allow, 403, 403, 401},
	"PUT /api/v1/cases/:id/reintegration-plan":         {403, allow, allow, 403, 403, 401},
	"POST /api/v1/cases/:id/reintegration-plan/submit": {403, allow, allow, 403, 403, 401},
	"GET /api/v1/cases/:id/follow-ups":                 {403, allow, allow, 403, 403, 401},
	"POST /api/v1/cases/:id/follow-ups":                {403, allow, allow, 403, 403, 401},
	"GET /api/v1/cases/:id/practices":                  {403, allow, allow, 403, 403, 401},
	"GET /api/v1/cases/:id/progress":                   {403, allow, allow, 403, 403, 401},
	// Discarding a revision of an approved reintegration plan (the plan in force comes back).
	"POST /api/v1/cases/:id/reintegration-plan/discard": {403, allow, allow, 403, 403, 401},
	// Cases after release.
	"GET /api/v1/cases/:id/releases":                           {403, allow, allow, 403, 403, 401},
	"POST /api/v1/cases/:id/releases":                          {403, allow, allow, 403, 403, 401},
	"PATCH /api/v1/cases/:id/releases/:rid":                    {403, allow, allow, 403, 403, 401},
	"GET /api/v1/cases/:id/follow-up-points":                   {403, allow, allow, 403, 403, 401},
	"POST /api/v1/cases/:id/follow-up-points/:pid/not-reached": {403, allow, allow, 403, 403, 401},
	"GET /api/v1/cases/:id/transfers":                          {403, allow, allow, 403, 403, 401},
	"POST /api/v1/cases/:id/transfers":                         {403, allow, allow, 403, 403, 401},
	"GET /api/v1/transfers":                                    {403, allow, allow, 403, 403, 401},
	"POST /api/v1/transfers/:tid/accept":                       {403, allow, 403, 403, 403, 401},
	"POST /api/v1/transfers/:tid/decline":                      {403, allow, 403, 403, 403, 401},
	"POST /api/v1/cases/:id/consent-withdrawal":                {403, allow, allow, 403, 403, 401},
	"POST /api/v1/participants/lookup":                         {403, allow, allow, 403, 403, 401},

	// Cases: staff eligible for case teams.
	"GET /api/v1/staff": {403, allow, 403, 403, 403, 401},
	// The working day.
	"GET /api/v1/tasks": {403, allow, allow, 403, 403, 401},
}

var pathParam = regexp.MustCompile(`:[a-z]+`)

func TestAccessMatrix(t *testing.T) {
	e := newEnv(t)
	clients := map[string]*client{"anonymous": e.anon()}
	for _, name := range callers[:5] {
		clients[name] = e.as(name)
	}
	seen := map[string]bool{}
	for _, r := range e.srv.RouteTable() {
		key := r.Method + " " + r.Path
		seen[key] = true
		row, ok := accessMatrix[key]
		if !ok {
			t.Errorf("route %s has no row in the access matrix", key)
			continue
		}
		// Placeholders that exist nowhere: the door is checked before the record is looked up.
		path := pathParam.ReplaceAllString(r.Path, "00000000-0000-0000-0000-000000000000")
		for i, who := range callers {
			c := clients[who]
			if key == "POST /api/v1/auth/logout" && who != "anonymous" {
				c = e.as(who) // a session of its own, so signing out spoils no later row
			}
			got := c.do(r.Method, path, "{}").status
			want := row[i]
			switch {
			case want == allow && (got == 401 || got == 403 || got >= 500):
				t.Errorf("%s as %s: got %d, want it let through", key, who, got)
			case want != allow && got != want:
				t.Errorf("%s as %s: got %d, want %d", key, who, got, want)
			}
		}
	}
	for key := range accessMatrix {
		if !seen[key] {
			t.Errorf("access matrix row %s names no route", key)
		}
	}
}

func TestEveryRouteIsDocumented(t *testing.T) {
	e := newEnv(t)
	doc := openapiRouter(t)
	_ = doc
	d, err := loadDoc()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range e.srv.RouteTable() {
		p := pathParam.ReplaceAllStringFunc(r.Path, func(s string) string { return "{" + s[1:] + "}" })
		item := d.Paths.Find(p)
		if item == nil || item.GetOperation(strings.ToUpper(r.Method)) == nil {
			t.Errorf("route %s %s is not in api/openapi.yaml", r.Method, p)
		}
	}
}
