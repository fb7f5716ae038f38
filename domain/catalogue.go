package domain

import (
	"context"
	"regexp"
	"strconv"
	"time"
)

// Practice is one good practice of the Rome Memorandum, as catalogued (paraphrased title,
// what a programme records to evidence it, how sure we are of its numbering).
type Practice struct {
	Code     string // GP1 … GP25
	Number   int
	Section  string // A, B, C, D
	Title    string
	Evidence string
	Status   string // confirmed, probable, unverified
}

// InterventionType is a kind of session a programme delivers, mapped to the practices it
// evidences. Entries in use are never deleted, only retired.
type InterventionType struct {
	Code        string
	Name        string
	Description string
	Practices   []string
	CreatedAt   time.Time
	RetiredAt   *time.Time
}

// Milestone domains.
var MilestoneDomains = []string{"engagement", "behavioural", "attitudinal", "social", "practical_reintegration", "compliance"}

// MilestoneDefinition is a catalogue entry staff claim milestones against.
type MilestoneDefinition struct {
	Code              string
	Domain            string
	Name              string
	Description       string
	NeedsVerification bool
	Practices         []string
	CreatedAt         time.Time
	RetiredAt         *time.Time
}

// Instrument is a structured assessment instrument, loaded as data.
type Instrument struct {
	Code               string
	Version            string
	Name               string
	Licence            string // "open", or the licence under which a holder loaded it
	ReviewIntervalDays int
	Definition         InstrumentDefinition
	CreatedAt          time.Time
	RetiredAt          *time.Time
}

// InstrumentDefinition is the scale and the items, grouped by domain. Licensed instruments
// may be loaded without item texts.
type InstrumentDefinition struct {
	Scale   Scale
	Domains []InstrumentDomain
}

// Scale is the rating scale of every item; Labels names values ("0": "absent").
type Scale struct {
	Min, Max int
	Labels   map[string]string
}

type InstrumentDomain struct {
	Code  string
	Name  string
	Items []InstrumentItem
}

type InstrumentItem struct {
	Code     string
	Polarity string // risk, protective
	Text     string
}

// Item finds an item by code.
func (d InstrumentDefinition) Item(code string) (InstrumentItem, bool) {
	for _, dom := range d.Domains {
		for _, it := range dom.Items {
			if it.Code == code {
				return it, true
			}
		}
	}
	return InstrumentItem{}, false
}

// ItemCodes lists every item code in order.
func (d InstrumentDefinition) ItemCodes() []string {
	var out []string
	for _, dom := range d.Domains {
		for _, it := range dom.Items {
			out = append(out, it.Code)
		}
	}
	return out
}

var (
	catalogueCode  = regexp.MustCompile(`^[a-z][a-z0-9_]{1,62}$`)
	instrumentCode = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{1,62}$`)
	itemCode       = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}$`)
	practiceCode   = regexp.MustCompile(`^GP[0-9]{1,2}$`)
)

// ValidCatalogueCode checks the shape of an intervention-type or milestone code.
func ValidCatalogueCode(s string) bool { return catalogueCode.MatchString(s) }

// Validate checks a new intervention type's own rules (the practices' existence is the
// store's to check).
func (t InterventionType) Validate() error {
	var p Problems
	if !ValidCatalogueCode(t.Code) {
		p.Add("code", "pattern", "must be 2-63 lower-case letters, digits or _, starting with a letter")
	}
	checkPractices(&p, t.Practices)
	return p.Err()
}

// Validate checks a new milestone definition's own rules.
func (m MilestoneDefinition) Validate() error {
	var p Problems
	if !ValidCatalogueCode(m.Code) {
		p.Add("code", "pattern", "must be 2-63 lower-case letters, digits or _, starting with a letter")
	}
	if !contains(MilestoneDomains, m.Domain) {
		p.Add("domain", "oneof", "must be one of the milestone domains")
	}
	checkPractices(&p, m.Practices)
	return p.Err()
}

func checkPractices(p *Problems, codes []string) {
	if len(codes) == 0 {
		p.Add("practices", "required", "must name at least one memorandum practice")
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if !practiceCode.MatchString(c) {
			p.Add("practices["+strconv.Itoa(i)+"]", "pattern", "must be a practice code such as GP8")
		} else if seen[c] {
			p.Add("practices["+strconv.Itoa(i)+"]", "duplicate", "is listed twice")
		}
		seen[c] = true
	}
}

// Validate checks an instrument before it is loaded: a usable scale, a review interval the
// database accepts, domains with unique codes, items with unique codes across the whole
// instrument and a polarity of risk or protective.
func (in Instrument) Validate() error {
	var p Problems
	if !instrumentCode.MatchString(in.Code) {
		p.Add("code", "pattern", "must be 2-63 lower-case letters, digits, _ or -")
	}
	if in.ReviewIntervalDays < 7 || in.ReviewIntervalDays > 1095 {
		p.AddParams("review_interval_days", "out_of_range", "must be between 7 and 1095", map[string]string{"min": "7", "max": "1095"})
	}
	d := in.Definition
	if d.Scale.Min >= d.Scale.Max {
		p.Add("definition.scale", "invalid_range", "min must be less than max")
	}
	if d.Scale.Max-d.Scale.Min > 100 {
		p.Add("definition.scale", "too_wide", "a scale may span at most 100 points")
	}
	for k := range d.Scale.Labels {
		n, err := strconv.Atoi(k)
		if err != nil || n < d.Scale.Min || n > d.Scale.Max {
			p.Add("definition.scale.labels", "out_of_range", "label keys must be values on the scale")
			break
		}
	}
	if len(d.Domains) == 0 {
		p.Add("definition.domains", "required", "must have at least one domain")
	}
	domains, items := map[string]bool{}, map[string]bool{}
	for i, dom := range d.Domains {
		at := "definition.domains[" + strconv.Itoa(i) + "]"
		if !itemCode.MatchString(dom.Code) {
			p.Add(at+".code", "pattern", "must be 1-32 letters, digits, _, . or -")
		} else if domains[dom.Code] {
			p.Add(at+".code", "duplicate", "another domain has this code")
		}
		domains[dom.Code] = true
		if len(dom.Items) == 0 {
			p.Add(at+".items", "required", "must have at least one item")
		}
		for j, it := range dom.Items {
			iat := at + ".items[" + strconv.Itoa(j) + "]"
			if !itemCode.MatchString(it.Code) {
				p.Add(iat+".code", "pattern", "must be 1-32 letters, digits, _, . or -")
			} else if items[it.Code] {
				p.Add(iat+".code", "duplicate", "another item has this code")
			}
			items[it.Code] = true
			if it.Polarity != "risk" && it.Polarity != "protective" {
				p.Add(iat+".polarity", "oneof", "must be risk or protective")
			}
		}
	}
	return p.Err()
}

// ClosureReason is why a case was closed.
type ClosureReason struct {
	Code      string
	Name      string
	RetiredAt *time.Time
}

// OffenceCategory is a UNODC ICCS code.
type OffenceCategory struct {
	Code      string
	Level     int
	Parent    string
	Name      string
	RetiredAt *time.Time
}

// CatalogueStore reads and extends the catalogues. Catalogues hold no case data, so reads
// are not audited; every change is.
type CatalogueStore interface {
	ListPractices(ctx context.Context) ([]Practice, error)
	ListInterventionTypes(ctx context.Context, includeRetired bool) ([]InterventionType, error)
	CreateInterventionType(ctx context.Context, p *Principal, t InterventionType) (InterventionType, error)
	RetireInterventionType(ctx context.Context, p *Principal, code string) (InterventionType, error)
	ListMilestoneDefinitions(ctx context.Context, includeRetired bool) ([]MilestoneDefinition, error)
	CreateMilestoneDefinition(ctx context.Context, p *Principal, m MilestoneDefinition) (MilestoneDefinition, error)
	RetireMilestoneDefinition(ctx context.Context, p *Principal, code string) (MilestoneDefinition, error)
	ListInstruments(ctx context.Context) ([]Instrument, error)
	// GetInstrument returns one version, or the latest unretired one when version is "".
	GetInstrument(ctx context.Context, code, version string) (Instrument, error)
	CreateInstrument(ctx context.Context, p *Principal, in Instrument) (Instrument, error)
	ListClosureReasons(ctx context.Context) ([]ClosureReason, error)
	ListOffenceCategories(ctx context.Context) ([]OffenceCategory, error)
}
