// Package migrations holds the database schema as ordered SQL files, embedded in the binary
// and applied by goose (domain/postgres/migrate.go). Files are never edited once released:
// a change is a new file.
//
// Numbering: 000xx foundation, 001xx cases and records, 002xx statistics, 003xx seeding,
// 004xx later foundation changes. goose applies them in number order.
package migrations

import "embed"

//go:embed *.sql
var FS embed.FS
