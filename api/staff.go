package api

import (
	"github.com/gofiber/fiber/v2"
)

type staffQuery struct {
	FacilityID string `query:"facility_id" validate:"required,uuid"`
}

type staffResponse struct {
	ID          string   `json:"id"`
	Username    string   `json:"username"`
	DisplayName string   `json:"display_name"`
	Roles       []string `json:"roles"`
}

// listStaff: who a supervisor may put on a case team at a facility (the team editor's picker).
func (s *Server) listStaff(c *fiber.Ctx) error {
	var q staffQuery
	if err := s.readQuery(c, &q); err != nil {
		return err
	}
	staff, err := s.store.ListStaff(c.UserContext(), principal(c), q.FacilityID)
	if err != nil {
		return err
	}
	out := make([]staffResponse, 0, len(staff))
	for _, m := range staff {
		roles := make([]string, 0, len(m.Roles))
		for _, r := range m.Roles {
			roles = append(roles, string(r))
		}
		out = append(out, staffResponse{ID: m.ID, Username: m.Username, DisplayName: m.DisplayName, Roles: roles})
	}
	return c.JSON(listOf(out))
}
