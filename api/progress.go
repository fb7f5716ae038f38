package api

import (
	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// progressResponse is a case's progress view on the wire: the risk trend, the months of
// activity and the milestone claims.
type progressResponse struct {
	Risk       []riskPointResponse         `json:"risk"`
	Months     []progressMonthResponse     `json:"months"`
	Milestones []progressMilestoneResponse `json:"milestones"`
}

type riskPointResponse struct {
	AssessmentID      string   `json:"assessment_id"`
	AssessedOn        string   `json:"assessed_on"`
	Occasion          string   `json:"occasion"`
	InstrumentCode    string   `json:"instrument_code"`
	InstrumentVersion string   `json:"instrument_version"`
	Overall           string   `json:"overall"`
	RiskRated         int      `json:"risk_rated"`
	RiskLevel         *float64 `json:"risk_level"`
	ProtectiveRated   int      `json:"protective_rated"`
	ProtectiveLevel   *float64 `json:"protective_level"`
}

type progressMonthResponse struct {
	Month             string                 `json:"month"`
	Sessions          []typeSessionsResponse `json:"sessions"`
	Attendance        map[string]int         `json:"attendance"`
	EngagementRated   int                    `json:"engagement_rated"`
	EngagementMean    *float64               `json:"engagement_mean"`
	MilestonesReached int                    `json:"milestones_reached"`
	MilestonesHeld    int                    `json:"milestones_held"`
}

type typeSessionsResponse struct {
	InterventionType string `json:"intervention_type"`
	Sessions         int    `json:"sessions"`
	Minutes          int    `json:"minutes"`
}

type progressMilestoneResponse struct {
	ID             string  `json:"id"`
	DefinitionCode string  `json:"definition_code"`
	Status         string  `json:"status"`
	AchievedOn     string  `json:"achieved_on"`
	LapsedOn       *string `json:"lapsed_on"`
}

func progressOut(p domain.CaseProgress) progressResponse {
	return progressResponse{
		Risk: mapItems(p.Risk, func(r domain.RiskPoint) riskPointResponse {
			return riskPointResponse{AssessmentID: r.AssessmentID, AssessedOn: dateOut(r.AssessedOn), Occasion: r.Occasion,
				InstrumentCode: r.InstrumentCode, InstrumentVersion: r.InstrumentVersion, Overall: r.Overall,
				RiskRated: r.RiskRated, RiskLevel: r.RiskLevel, ProtectiveRated: r.ProtectiveRated, ProtectiveLevel: r.ProtectiveLevel}
		}),
		Months: mapItems(p.Months, func(m domain.ProgressMonth) progressMonthResponse {
			return progressMonthResponse{Month: m.Month.Format("2006-01"),
				Sessions: mapItems(m.Sessions, func(s domain.TypeSessions) typeSessionsResponse {
					return typeSessionsResponse{InterventionType: s.Type, Sessions: s.Sessions, Minutes: s.Minutes}
				}),
				Attendance: m.Attendance, EngagementRated: m.EngagementRated, EngagementMean: m.EngagementMean,
				MilestonesReached: m.MilestonesReached, MilestonesHeld: m.MilestonesHeld}
		}),
		Milestones: mapItems(p.Milestones, func(m domain.ProgressMilestone) progressMilestoneResponse {
			return progressMilestoneResponse{ID: m.ID, DefinitionCode: m.DefinitionCode, Status: m.Status,
				AchievedOn: dateOut(m.AchievedOn), LapsedOn: dateOrNil(m.LapsedOn)}
		}),
	}
}

// caseProgress answers a case's progress at a glance, as one audited read.
func (s *Server) caseProgress(c *fiber.Ctx) error {
	p, err := s.store.CaseProgress(c.UserContext(), principal(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(progressOut(p))
}
