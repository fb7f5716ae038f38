package api

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/hex"
	"mime"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"pathways/domain"
)

// wantsCSV: the client's Accept header names text/csv (and not JSON first).
func wantsCSV(c *fiber.Ctx) bool {
	for _, part := range strings.Split(c.Get(fiber.HeaderAccept), ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "text/csv":
			return true
		case fiber.MIMEApplicationJSON, "application/problem+json", "*/*":
			return false
		}
	}
	return false
}

// auditCSVHeader names the export's columns: the event as chained, the object's name as the
// listing shows it, and the hash that places the event in the chain.
var auditCSVHeader = []string{"seq", "at", "actor_id", "actor_name", "role", "scope", "action", "object_type", "object_id",
	"object_name", "outcome", "request_id", "ip", "details", "hash"}

// csvCell keeps a cell from being read as a formula by a spreadsheet (OWASP's CSV
// injection advice): a formula's first character (=, +, -, @) gets an apostrophe before it
// wherever a spreadsheet could start a cell there — at the start, after leading spaces or
// control characters, and after a comma, a semicolon (the separator of most European
// spreadsheets, with which an unquoted "a;=1+1" became a cell of its own: attack round 6),
// a tab or a line break. An actor can put such text in the trail (a path segment recorded
// as the object of a refusal, a facility's or token's name), so every text cell passes here.
func csvCell(s string) string {
	var b strings.Builder
	if s != "" && (s[0] == '\t' || s[0] == '\r') {
		b.WriteByte('\'')
	}
	start := true // a spreadsheet could begin a cell here
	for _, r := range s {
		switch {
		case start && strings.ContainsRune("=+-@", r):
			b.WriteByte('\'')
			start = false
		case strings.ContainsRune(",;\t\r\n", r):
			start = true
		case r != ' ' && r >= 0x20:
			start = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// exportAudit streams every event the filter selects as CSV, newest first. The export is
// recorded in the trail before the first byte is sent; the events are then read a page at a
// time (domain.AuditExportPage) and written out, so an export of any size holds one page in
// memory. A failure after the start cannot change the status any more: the file then ends
// with a line saying it is incomplete.
func (s *Server) exportAudit(c *fiber.Ctx, f domain.AuditFilter) error {
	pages, err := s.store.ExportAudit(c.UserContext(), principal(c), f)
	if err != nil {
		return err
	}
	name := "audit-" + time.Now().UTC().Format("20060102T150405Z") + ".csv"
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	timeout := s.cfg.RequestTimeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	log := s.log
	c.Context().SetBodyStreamWriter(func(bw *bufio.Writer) {
		w := csv.NewWriter(bw)
		_ = w.Write(auditCSVHeader)
		for {
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			events, err := pages.Next(ctx)
			cancel()
			if err != nil {
				log.Error("audit export interrupted", "err", err)
				_ = w.Write([]string{"export interrupted: this file is incomplete"})
				w.Flush()
				_ = bw.Flush()
				return
			}
			if len(events) == 0 {
				break
			}
			for _, e := range events {
				_ = w.Write([]string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), csvCell(e.ActorID), csvCell(e.ActorName),
					csvCell(e.Role), csvCell(e.Scope), csvCell(e.Action), csvCell(e.ObjectType), csvCell(e.ObjectID), csvCell(e.ObjectName),
					csvCell(e.Outcome), csvCell(e.RequestID), csvCell(e.IP), csvCell(e.Details), hex.EncodeToString(e.Hash)})
			}
			w.Flush()
			if w.Error() != nil || bw.Flush() != nil {
				return // the client went away
			}
		}
		w.Flush()
		_ = bw.Flush()
	})
	return nil
}
