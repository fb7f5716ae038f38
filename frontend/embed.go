// Package frontend embeds the built web app (frontend/dist, made by `npm run build`).
// dist/.gitkeep keeps the directory present so the server builds before the app does.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist is the built app, rooted at dist/.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err)
	}
	return sub
}
