package api

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
)

// frontend serves the built single-page app, with index.html for any path that is not a
// file so the app's own router can take it.
func (s *Server) frontend() fiber.Handler {
	if s.cfg.Frontend == nil {
		return func(c *fiber.Ctx) error { return fiber.ErrNotFound }
	}
	files := filesystem.New(filesystem.Config{
		Root:         http.FS(s.cfg.Frontend),
		Index:        "index.html",
		NotFoundFile: "index.html",
		MaxAge:       0,
	})
	return func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return fiber.ErrMethodNotAllowed
		}
		if strings.HasPrefix(c.Path(), "/assets/") {
			// Vite names assets by content hash, so they may be cached for good.
			c.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			c.Set("Cache-Control", "no-cache")
		}
		return files(c)
	}
}

// HasIndex reports whether a built app is present in fsys.
func HasIndex(fsys fs.FS) bool {
	_, err := fs.Stat(fsys, "index.html")
	return err == nil
}
