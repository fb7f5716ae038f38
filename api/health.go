package api

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz says the process is alive; it touches nothing else.
func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(statusResponse{Status: "ok"})
}

// readyz says whether the server can do its work, which needs the database.
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		return err
	}
	return c.JSON(statusResponse{Status: "ready"})
}
