package postgres

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"

	"pathways/domain"
)

func (db *DB) ListPractices(ctx context.Context) ([]domain.Practice, error) {
	var out []domain.Practice
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = listPractices(ctx, tx)
		return err
	})
	return out, err
}

func listPractices(ctx context.Context, tx pgx.Tx) ([]domain.Practice, error) {
	rows, err := tx.Query(ctx, "SELECT code, number, section, title, evidence, status FROM practices ORDER BY number")
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (p domain.Practice, err error) {
		err = r.Scan(&p.Code, &p.Number, &p.Section, &p.Title, &p.Evidence, &p.Status)
		return p, err
	})
}

func (db *DB) ListInterventionTypes(ctx context.Context, includeRetired bool) ([]domain.InterventionType, error) {
	var out []domain.InterventionType
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT t.code, t.name, t.description, t.created_at, t.retired_at,
			coalesce((SELECT array_agg(practice_code ORDER BY practice_code) FROM intervention_type_practices WHERE type_code = t.code), '{}')
			FROM intervention_types t WHERE $1 OR t.retired_at IS NULL ORDER BY t.code`, includeRetired)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, scanInterventionType)
		return err
	})
	return out, err
}

func scanInterventionType(r pgx.CollectableRow) (t domain.InterventionType, err error) {
	err = r.Scan(&t.Code, &t.Name, &t.Description, &t.CreatedAt, &t.RetiredAt, &t.Practices)
	return t, err
}

// requirePractices checks that every code names a catalogued practice.
func requirePractices(ctx context.Context, tx pgx.Tx, codes []string) error {
	var missing []string
	if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(c), '{}') FROM unnest($1::text[]) c
		WHERE NOT EXISTS (SELECT 1 FROM practices WHERE code = c)`, codes).Scan(&missing); err != nil {
		return err
	}
	if len(missing) > 0 {
		return domain.Invalid(domain.FieldProblem{Field: "practices", Reason: "unknown_reference", Detail: "no such practice: " + missing[0]})
	}
	return nil
}

func (db *DB) CreateInterventionType(ctx context.Context, p *domain.Principal, t domain.InterventionType) (domain.InterventionType, error) {
	if err := t.Validate(); err != nil {
		return t, err
	}
	err := db.adminTx(ctx, func(tx pgx.Tx) error {
		if err := requireGlobal(p, "intervention_type.create", "intervention_type", t.Code, false); err != nil {
			return err
		}
		if err := requirePractices(ctx, tx, t.Practices); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO intervention_types (code, name, description) VALUES ($1, $2, $3)
			ON CONFLICT (code) DO NOTHING RETURNING created_at`, t.Code, t.Name, t.Description).Scan(&t.CreatedAt)
		if err == pgx.ErrNoRows {
			return domain.Invalid(domain.FieldProblem{Field: "code", Reason: "taken", Detail: "an intervention type with this code exists"})
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO intervention_type_practices (type_code, practice_code) SELECT $1, unnest($2::text[])`, t.Code, t.Practices); err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "intervention_type.create", "intervention_type", t.Code, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"practices": t.Practices})
		return db.appendAudit(ctx, tx, ev)
	})
	return t, err
}

func (db *DB) RetireInterventionType(ctx context.Context, p *domain.Principal, code string) (domain.InterventionType, error) {
	var t domain.InterventionType
	err := db.adminTx(ctx, func(tx pgx.Tx) error {
		if err := requireGlobal(p, "intervention_type.retire", "intervention_type", code, true); err != nil {
			return err
		}
		// Retiring twice keeps the first date: the entry stays readable for the records using it.
		rows, err := tx.Query(ctx, `UPDATE intervention_types t SET retired_at = coalesce(retired_at, now()) WHERE code = $1
			RETURNING t.code, t.name, t.description, t.created_at, t.retired_at,
			coalesce((SELECT array_agg(practice_code ORDER BY practice_code) FROM intervention_type_practices WHERE type_code = t.code), '{}')`, code)
		if err != nil {
			return err
		}
		if t, err = pgx.CollectExactlyOneRow(rows, scanInterventionType); err == pgx.ErrNoRows {
			return domain.NotFound("intervention type")
		} else if err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, domain.NewAuditEvent(p, "intervention_type.retire", "intervention_type", code, domain.OutcomeSuccess))
	})
	return t, err
}

const milestoneColumns = `m.code, m.domain, m.name, m.description, m.needs_verification, m.created_at, m.retired_at,
	coalesce((SELECT array_agg(practice_code ORDER BY practice_code) FROM milestone_practices WHERE milestone_code = m.code), '{}')`

func scanMilestoneDefinition(r pgx.CollectableRow) (m domain.MilestoneDefinition, err error) {
	err = r.Scan(&m.Code, &m.Domain, &m.Name, &m.Description, &m.NeedsVerification, &m.CreatedAt, &m.RetiredAt, &m.Practices)
	return m, err
}

func (db *DB) ListMilestoneDefinitions(ctx context.Context, includeRetired bool) ([]domain.MilestoneDefinition, error) {
	var out []domain.MilestoneDefinition
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT "+milestoneColumns+" FROM milestone_definitions m WHERE $1 OR m.retired_at IS NULL ORDER BY m.domain, m.code", includeRetired)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, scanMilestoneDefinition)
		return err
	})
	return out, err
}

func (db *DB) CreateMilestoneDefinition(ctx context.Context, p *domain.Principal, m domain.MilestoneDefinition) (domain.MilestoneDefinition, error) {
	if err := m.Validate(); err != nil {
		return m, err
	}
	err := db.adminTx(ctx, func(tx pgx.Tx) error {
		if err := requireGlobal(p, "milestone_definition.create", "milestone_definition", m.Code, false); err != nil {
			return err
		}
		if err := requirePractices(ctx, tx, m.Practices); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO milestone_definitions (code, domain, name, description, needs_verification) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (code) DO NOTHING RETURNING created_at`, m.Code, m.Domain, m.Name, m.Description, m.NeedsVerification).Scan(&m.CreatedAt)
		if err == pgx.ErrNoRows {
			return domain.Invalid(domain.FieldProblem{Field: "code", Reason: "taken", Detail: "a milestone definition with this code exists"})
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO milestone_practices (milestone_code, practice_code) SELECT $1, unnest($2::text[])`, m.Code, m.Practices); err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "milestone_definition.create", "milestone_definition", m.Code, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"practices": m.Practices, "needs_verification": m.NeedsVerification})
		return db.appendAudit(ctx, tx, ev)
	})
	return m, err
}

func (db *DB) RetireMilestoneDefinition(ctx context.Context, p *domain.Principal, code string) (domain.MilestoneDefinition, error) {
	var m domain.MilestoneDefinition
	err := db.adminTx(ctx, func(tx pgx.Tx) error {
		if err := requireGlobal(p, "milestone_definition.retire", "milestone_definition", code, true); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `UPDATE milestone_definitions m SET retired_at = coalesce(retired_at, now()) WHERE code = $1 RETURNING `+milestoneColumns, code)
		if err != nil {
			return err
		}
		if m, err = pgx.CollectExactlyOneRow(rows, scanMilestoneDefinition); err == pgx.ErrNoRows {
			return domain.NotFound("milestone definition")
		} else if err != nil {
			return err
		}
		return db.appendAudit(ctx, tx, domain.NewAuditEvent(p, "milestone_definition.retire", "milestone_definition", code, domain.OutcomeSuccess))
	})
	return m, err
}

// instrumentJSON is the stored shape of an instrument's definition (instruments.definition).
type instrumentJSON struct {
	Scale struct {
		Min    int               `json:"min"`
		Max    int               `json:"max"`
		Labels map[string]string `json:"labels,omitempty"`
	} `json:"scale"`
	Domains []struct {
		Code  string `json:"code"`
		Name  string `json:"name"`
		Items []struct {
			Code     string `json:"code"`
			Polarity string `json:"polarity"`
			Text     string `json:"text,omitempty"`
		} `json:"items"`
	} `json:"domains"`
}

func decodeDefinition(raw []byte) (domain.InstrumentDefinition, error) {
	var j instrumentJSON
	var d domain.InstrumentDefinition
	if err := json.Unmarshal(raw, &j); err != nil {
		return d, err
	}
	d.Scale = domain.Scale{Min: j.Scale.Min, Max: j.Scale.Max, Labels: j.Scale.Labels}
	for _, dom := range j.Domains {
		dd := domain.InstrumentDomain{Code: dom.Code, Name: dom.Name}
		for _, it := range dom.Items {
			dd.Items = append(dd.Items, domain.InstrumentItem{Code: it.Code, Polarity: it.Polarity, Text: it.Text})
		}
		d.Domains = append(d.Domains, dd)
	}
	return d, nil
}

func encodeDefinition(d domain.InstrumentDefinition) ([]byte, error) {
	var j instrumentJSON
	j.Scale.Min, j.Scale.Max, j.Scale.Labels = d.Scale.Min, d.Scale.Max, d.Scale.Labels
	for _, dom := range d.Domains {
		jd := struct {
			Code  string `json:"code"`
			Name  string `json:"name"`
			Items []struct {
				Code     string `json:"code"`
				Polarity string `json:"polarity"`
				Text     string `json:"text,omitempty"`
			} `json:"items"`
		}{Code: dom.Code, Name: dom.Name}
		for _, it := range dom.Items {
			jd.Items = append(jd.Items, struct {
				Code     string `json:"code"`
				Polarity string `json:"polarity"`
				Text     string `json:"text,omitempty"`
			}{it.Code, it.Polarity, it.Text})
		}
		j.Domains = append(j.Domains, jd)
	}
	return json.Marshal(j)
}

const instrumentColumns = "code, version, name, licence, review_interval_days, definition, created_at, retired_at"

func scanInstrument(r pgx.CollectableRow) (in domain.Instrument, err error) {
	var raw []byte
	if err = r.Scan(&in.Code, &in.Version, &in.Name, &in.Licence, &in.ReviewIntervalDays, &raw, &in.CreatedAt, &in.RetiredAt); err != nil {
		return in, err
	}
	in.Definition, err = decodeDefinition(raw)
	return in, err
}

func (db *DB) ListInstruments(ctx context.Context) ([]domain.Instrument, error) {
	var out []domain.Instrument
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT "+instrumentColumns+" FROM instruments ORDER BY code, created_at")
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, scanInstrument)
		return err
	})
	return out, err
}

func (db *DB) GetInstrument(ctx context.Context, code, version string) (domain.Instrument, error) {
	var in domain.Instrument
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var err error
		in, err = getInstrument(ctx, tx, code, version)
		return err
	})
	return in, err
}

// getInstrument finds a version, or the latest one not retired when version is "".
func getInstrument(ctx context.Context, tx pgx.Tx, code, version string) (domain.Instrument, error) {
	q := "SELECT " + instrumentColumns + " FROM instruments WHERE code = $1 AND version = $2"
	args := []any{code, version}
	if version == "" {
		q = "SELECT " + instrumentColumns + " FROM instruments WHERE code = $1 AND retired_at IS NULL ORDER BY created_at DESC, version DESC LIMIT 1"
		args = args[:1]
	}
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return domain.Instrument{}, err
	}
	in, err := pgx.CollectExactlyOneRow(rows, scanInstrument)
	if err == pgx.ErrNoRows {
		return in, domain.NotFound("instrument")
	}
	return in, err
}

func (db *DB) CreateInstrument(ctx context.Context, p *domain.Principal, in domain.Instrument) (domain.Instrument, error) {
	if err := in.Validate(); err != nil {
		return in, err
	}
	raw, err := encodeDefinition(in.Definition)
	if err != nil {
		return in, domain.Internal(err)
	}
	err = db.adminTx(ctx, func(tx pgx.Tx) error {
		if err := requireGlobal(p, "instrument.create", "instrument", in.Code+"@"+in.Version, false); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO instruments (code, version, name, licence, review_interval_days, definition)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code, version) DO NOTHING RETURNING created_at`,
			in.Code, in.Version, in.Name, in.Licence, in.ReviewIntervalDays, raw).Scan(&in.CreatedAt)
		if err == pgx.ErrNoRows {
			return domain.Invalid(domain.FieldProblem{Field: "version", Reason: "taken", Detail: "this version of the instrument is loaded already; load a new version"})
		} else if err != nil {
			return err
		}
		ev := domain.NewAuditEvent(p, "instrument.create", "instrument", in.Code+"@"+in.Version, domain.OutcomeSuccess)
		ev.Details = details(map[string]any{"licence": in.Licence, "items": len(in.Definition.ItemCodes())})
		return db.appendAudit(ctx, tx, ev)
	})
	return in, err
}

func (db *DB) ListClosureReasons(ctx context.Context) ([]domain.ClosureReason, error) {
	var out []domain.ClosureReason
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT code, name, retired_at FROM closure_reasons ORDER BY code")
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (c domain.ClosureReason, err error) {
			err = r.Scan(&c.Code, &c.Name, &c.RetiredAt)
			return c, err
		})
		return err
	})
	return out, err
}

func (db *DB) ListOffenceCategories(ctx context.Context) ([]domain.OffenceCategory, error) {
	var out []domain.OffenceCategory
	err := db.tx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "SELECT code, level, coalesce(parent, ''), name, retired_at FROM offence_categories ORDER BY code")
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (c domain.OffenceCategory, err error) {
			err = r.Scan(&c.Code, &c.Level, &c.Parent, &c.Name, &c.RetiredAt)
			return c, err
		})
		return err
	})
	return out, err
}

// today is the current date, as the database and the screen agree on it.
func (db *DB) today() time.Time {
	n := db.now()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}
