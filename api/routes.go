package api

import (
	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// Access levels that need no Casbin decision.
const (
	public   = "public"   // anyone, signed in or not
	signedIn = "signedin" // any authenticated principal
)

// route is one line of the routing table: the method and path, the Casbin object and action
// it needs, and its handler. Every route the server answers is here, and nowhere else.
type route struct {
	method  string
	path    string
	object  string // public, signedIn, or a Casbin object from policy/policy.csv
	action  string
	handler fiber.Handler
}

func (s *Server) routes() []route {
	return []route{
		// Operations.
		{"GET", "/healthz", public, "", s.healthz},
		{"GET", "/readyz", public, "", s.readyz},
		{"GET", "/api/v1/openapi.json", public, "", s.openapiDocument},

		// Signing in.
		{"POST", "/api/v1/auth/login", public, "", s.login},
		{"POST", "/api/v1/auth/logout", signedIn, "", s.logout},
		{"POST", "/api/v1/auth/set-password", public, "", s.setPassword},
		{"GET", "/api/v1/me", signedIn, "", s.me},
		{"POST", "/api/v1/me/totp", signedIn, "", s.enrolTOTP},
		{"POST", "/api/v1/me/totp/confirm", signedIn, "", s.confirmTOTP},
		{"PUT", "/api/v1/me/language", signedIn, "", s.setLanguage},

		// People and access.
		{"GET", "/api/v1/users", "users", "read", s.listUsers},
		{"POST", "/api/v1/users", "users", "write", s.createUser},
		{"PATCH", "/api/v1/users/:id", "users", "write", s.updateUser},
		{"POST", "/api/v1/users/:id/password-reset", "users", "write", s.resetPassword},
		{"POST", "/api/v1/users/:id/memberships", "users", "write", s.addMembership},
		{"DELETE", "/api/v1/users/:id/memberships/:mid", "users", "write", s.removeMembership},
		{"GET", "/api/v1/tokens", "tokens", "read", s.listTokens},
		{"POST", "/api/v1/tokens", "tokens", "write", s.createToken},
		{"DELETE", "/api/v1/tokens/:id", "tokens", "write", s.revokeToken},
		{"GET", "/api/v1/admin-requests", "admin_requests", "read", s.listAdminRequests},
		{"POST", "/api/v1/admin-requests/:id/approve", "admin_requests", "decide", s.approveAdminRequest},
		{"POST", "/api/v1/admin-requests/:id/reject", "admin_requests", "decide", s.rejectAdminRequest},

		// Organisation.
		{"GET", "/api/v1/countries", "organisation", "read", s.listCountries},
		{"GET", "/api/v1/facilities", "organisation", "read", s.listFacilities},
		{"POST", "/api/v1/facilities", "organisation", "write", s.createFacility},
		{"PATCH", "/api/v1/facilities/:id", "organisation", "write", s.updateFacility},
		{"GET", "/api/v1/programmes", "organisation", "read", s.listProgrammes},
		{"POST", "/api/v1/programmes", "organisation", "write", s.createProgramme},
		{"PATCH", "/api/v1/programmes/:id", "organisation", "write", s.updateProgramme},

		// Cases: the case, its lifecycle and the approvals queue.
		{"POST", "/api/v1/cases", "cases", "write", s.createCase},
		{"GET", "/api/v1/cases", "cases", "read", s.listCases},
		{"GET", "/api/v1/cases/:id", "cases", "read", s.getCase},
		{"PATCH", "/api/v1/cases/:id", "cases", "write", s.updateCase},
		{"PUT", "/api/v1/cases/:id/team", "case_team", "write", s.setCaseTeam},
		{"GET", "/api/v1/cases/:id/timeline", "cases", "read", s.caseTimeline},
		{"GET", "/api/v1/cases/:id/transitions", "cases", "read", s.listTransitions},
		{"POST", "/api/v1/cases/:id/transitions", "cases", "write", s.requestTransition},
		{"GET", "/api/v1/approvals", "approvals", "read", s.listApprovals},
		{"POST", "/api/v1/approvals/:id/approve", "approvals", "decide", s.approve},
		{"POST", "/api/v1/approvals/:id/reject", "approvals", "decide", s.reject},
		// Cases: records, catalogues, memorandum mapping.
		{"GET", "/api/v1/practices", signedIn, "", s.listPractices},
		{"GET", "/api/v1/intervention-types", "catalogue", "read", s.listInterventionTypes},
		{"POST", "/api/v1/intervention-types", "catalogue", "write", s.createInterventionType},
		{"POST", "/api/v1/intervention-types/:code/retire", "catalogue", "write", s.retireInterventionType},
		{"GET", "/api/v1/milestone-definitions", "catalogue", "read", s.listMilestoneDefinitions},
		{"POST", "/api/v1/milestone-definitions", "catalogue", "write", s.createMilestoneDefinition},
		{"POST", "/api/v1/milestone-definitions/:code/retire", "catalogue", "write", s.retireMilestoneDefinition},
		{"GET", "/api/v1/instruments", "catalogue", "read", s.listInstruments},
		{"POST", "/api/v1/instruments", "catalogue", "write", s.createInstrument},
		{"GET", "/api/v1/instruments/:code", "catalogue", "read", s.getInstrument},
		{"GET", "/api/v1/closure-reasons", "catalogue", "read", s.listClosureReasons},
		{"GET", "/api/v1/offence-categories", "catalogue", "read", s.listOffenceCategories},
		{"GET", "/api/v1/cases/:id/assessments", "case_records", "read", s.listAssessments},
		{"POST", "/api/v1/cases/:id/assessments", "case_records", "write", s.createAssessment},
		{"PUT", "/api/v1/cases/:id/assessments/:aid", "case_records", "write", s.updateAssessment},
		{"POST", "/api/v1/cases/:id/assessments/:aid/finalise", "case_records", "write", s.finaliseAssessment},
		{"POST", "/api/v1/cases/:id/assessments/:aid/discard", "case_records", "write", s.discardAssessment},
		{"GET", "/api/v1/cases/:id/plans", "case_records", "read", s.listPlans},
		{"POST", "/api/v1/cases/:id/plans", "case_records", "write", s.createPlan},
		{"POST", "/api/v1/plans/:pid/submit", "case_records", "write", s.submitPlan},
		{"GET", "/api/v1/cases/:id/sessions", "case_records", "read", s.listSessions},
		{"POST", "/api/v1/cases/:id/sessions", "case_records", "write", s.createCaseSession},
		{"POST", "/api/v1/sessions", "case_records", "write", s.createGroupSession},
		{"GET", "/api/v1/cases/:id/milestones", "case_records", "read", s.listMilestones},
		{"POST", "/api/v1/cases/:id/milestones", "case_records", "write", s.claimMilestone},
		{"POST", "/api/v1/cases/:id/milestones/:mid/lapse", "case_records", "write", s.lapseMilestone},
		{"GET", "/api/v1/cases/:id/reintegration-plan", "case_records", "read", s.getReintegrationPlan},
		{"PUT", "/api/v1/cases/:id/reintegration-plan", "case_records", "write", s.putReintegrationPlan},
		{"POST", "/api/v1/cases/:id/reintegration-plan/submit", "case_records", "write", s.submitReintegrationPlan},
		{"POST", "/api/v1/cases/:id/reintegration-plan/discard", "case_records", "write", s.discardReintegrationRevision},
		{"GET", "/api/v1/cases/:id/follow-ups", "case_records", "read", s.listFollowUps},
		{"POST", "/api/v1/cases/:id/follow-ups", "case_records", "write", s.createFollowUp},
		{"GET", "/api/v1/cases/:id/practices", "case_records", "read", s.casePractices},
		{"GET", "/api/v1/cases/:id/progress", "case_records", "read", s.caseProgress},
		// Cases after release: releases and recalls, follow-up points, transfers, consent, re-entry.
		{"GET", "/api/v1/cases/:id/releases", "case_records", "read", s.listReleases},
		{"POST", "/api/v1/cases/:id/releases", "case_records", "write", s.createRelease},
		{"PATCH", "/api/v1/cases/:id/releases/:rid", "case_records", "write", s.updateRelease},
		{"GET", "/api/v1/cases/:id/follow-up-points", "case_records", "read", s.listFollowUpPoints},
		{"POST", "/api/v1/cases/:id/follow-up-points/:pid/not-reached", "case_records", "write", s.closeFollowUpPoint},
		{"GET", "/api/v1/cases/:id/transfers", "cases", "read", s.listCaseTransfers},
		{"POST", "/api/v1/cases/:id/transfers", "cases", "write", s.requestTransfer},
		{"GET", "/api/v1/transfers", "transfers", "read", s.listTransfers},
		{"POST", "/api/v1/transfers/:tid/accept", "transfers", "decide", s.acceptTransfer},
		{"POST", "/api/v1/transfers/:tid/decline", "transfers", "decide", s.declineTransfer},
		{"POST", "/api/v1/cases/:id/consent-withdrawal", "cases", "write", s.withdrawConsent},
		{"POST", "/api/v1/participants/lookup", "participants", "lookup", s.lookupParticipants},
		// Cases: staff eligible for case teams (the team editor's picker).
		{"GET", "/api/v1/staff", "case_team", "read", s.listStaff},
		// The working day: tasks computed from the records of the caller's caseload or scope.
		{"GET", "/api/v1/tasks", "tasks", "read", s.listTasks},

		// Audit.
		{"GET", "/api/v1/audit", "audit", "read", s.listAudit},
		{"POST", "/api/v1/audit/verify", "audit", "verify", s.verifyAudit},
		{"GET", "/api/v1/audit/checkpoints", "audit", "read", s.listCheckpoints},

		// Statistics: national figures with disclosure control (the fixed paths before :indicator).
		{"GET", "/api/v1/statistics/indicators", "statistics", "read", s.listIndicators},
		{"GET", "/api/v1/statistics/coverage", "statistics", "read", s.getCoverage},
		{"GET", "/api/v1/statistics/:indicator", "statistics", "read", s.getStatistic},
	}
}

// mount installs the middleware chain and the routing table.
func (s *Server) mount() {
	s.app.Use(s.requestID, s.securityHeaders, s.observe, s.recoverer, s.wellFormed, s.deadline)
	for _, r := range s.routes() {
		s.app.Add(r.method, r.path, s.authenticate(r), s.authorize(r), s.idempotent(r), r.handler)
	}
	s.app.Use("/api", s.apiNotFound)
	// Metrics are served on their own listener (MetricsHandler); the public port knows no
	// /metrics, and the web app's fallback must not answer it either.
	s.app.Use("/metrics", func(c *fiber.Ctx) error { return domain.NotFound("page") })
	s.app.Use(s.frontend())
}

// RouteInfo describes one routing-table line, for the access-matrix and OpenAPI tests.
type RouteInfo struct{ Method, Path, Object, Action string }

// RouteTable lists every route the server answers.
func (s *Server) RouteTable() []RouteInfo {
	var out []RouteInfo
	for _, r := range s.routes() {
		out = append(out, RouteInfo{r.method, r.path, r.object, r.action})
	}
	return out
}
