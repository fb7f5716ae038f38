package domain

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// caseStores are the stores that write case records: every struct their methods take is an
// input whose strings are either free text (screened: listed by its FreeTexts) or codes.
var caseStores = []reflect.Type{
	reflect.TypeFor[CaseStore](), reflect.TypeFor[ApprovalStore](), reflect.TypeFor[AssessmentStore](),
	reflect.TypeFor[PlanStore](), reflect.TypeFor[SessionStore](), reflect.TypeFor[MilestoneStore](),
	reflect.TypeFor[ReintegrationStore](), reflect.TypeFor[FollowUpStore](), reflect.TypeFor[ReleaseStore](),
	reflect.TypeFor[FollowUpPointStore](), reflect.TypeFor[TransferStore](), reflect.TypeFor[ConsentStore](),
	reflect.TypeFor[ParticipantStore](),
}

// notFreeText names every string of those inputs that is not free text, and why it cannot
// carry one: checked against a closed list (oneof in the API's request shape or in the
// domain, and a CHECK in the database) or against a catalogue or a record by the store.
// Paths are Type.Field, nested fields joined by dots, list elements without an index.
var notFreeText = map[string]string{
	"NewCase.ProgrammeID": "a programme's id", "NewCase.FacilityID": "a facility's id", "NewCase.Track": "oneof",
	"NewCase.ParticipantID": "a participant's id", "NewCase.Gender": "oneof", "NewCase.Nationality": "ISO 3166 code",
	"NewCase.Categories": "oneof", "NewCase.OffenceCategory": "ICCS catalogue", "NewCase.LegalBasis": "oneof",
	"NewCase.ExternalRef": "kept only as a keyed HMAC, never stored, logged or returned",
	"CaseFilter.Phase":    "a filter: read, never stored", "CaseFilter.FacilityID": "a filter", "CaseFilter.ProgrammeID": "a filter",
	"CaseFilter.Cursor": "a filter",
	"CaseFilter.Query":  "a search, read and checked by PseudonymSearch, never stored", "CaseFilter.Sort": "oneof",
	"CaseUpdate.ReleaseType": "oneof", "CaseUpdate.OffenceCategory": "ICCS catalogue", "CaseUpdate.FacilityID": "a facility's id (refused)",
	"TeamMember.UserID": "a user's id", "TeamMember.Username": "read from the user, never taken from input",
	"TeamMember.DisplayName": "read from the user, never taken from input", "TeamMember.Discipline": "oneof",
	"TransitionRequest.To": "a phase", "TransitionRequest.ClosureReason": "closure reasons catalogue",
	"TransitionRequest.Recall.Reason": "oneof", "TransitionRequest.Recall.Outcome": "oneof",
	"ApprovalFilter.Kind": "a filter", "ApprovalFilter.Cursor": "a filter",
	"AssessmentInput.InstrumentCode": "instrument catalogue", "AssessmentInput.InstrumentVersion": "instrument catalogue",
	"AssessmentInput.Occasion": "oneof", "AssessmentInput.Overall": "oneof", "AssessmentInput.Supersedes": "an assessment's id",
	"AssessmentInput.Ratings.ItemCode": "the instrument's items",
	"PlanInput.Goals.Interventions":    "intervention types catalogue", "PlanInput.Goals.ResponsibleID": "a user's id",
	"SessionInput.InterventionType": "intervention types catalogue", "SessionInput.Format": "oneof",
	"SessionInput.DeliveredBy": "a user's id", "SessionInput.Participants.CaseID": "a case's id", "SessionInput.Participants.Attendance": "oneof",
	"MilestoneInput.DefinitionCode": "milestone catalogue", "MilestoneLapse.Status": "oneof",
	"ReintegrationInput.ReleaseType": "oneof", "ReintegrationInput.Items.Area": "oneof", "ReintegrationInput.Items.Status": "oneof",
	"FollowUpInput.FollowUp.ID": "set by the store", "FollowUpInput.FollowUp.CaseID": "a case's id",
	"FollowUpInput.FollowUp.PointID": "a follow-up point's id", "FollowUpInput.FollowUp.ReleaseID": "set by the store",
	"FollowUpInput.FollowUp.Housing": "oneof", "FollowUpInput.FollowUp.WorkEducation": "oneof",
	"FollowUpInput.FollowUp.FamilyContact": "oneof", "FollowUpInput.FollowUp.SupervisionCompliance": "oneof",
	"FollowUpInput.FollowUp.NewOffence": "oneof", "FollowUpInput.FollowUp.OffenceCategory": "ICCS catalogue",
	"FollowUpInput.FollowUp.RecordedBy": "set by the store",
	"ReleaseInput.ReleaseType":          "oneof", "ReleaseUpdate.ReleaseType": "oneof", "ReleaseUpdate.RecallOutcome": "oneof",
	"NotReached.Reason":            "oneof",
	"TransferRequest.ToFacilityID": "a facility's id", "TransferFilter.Direction": "a filter", "TransferFilter.Status": "a filter", "TransferFilter.Cursor": "a filter",
	"TransferDecision.CaseManagerID": "a user's id", "TransferDecision.Members.UserID": "a user's id",
	"TransferDecision.Members.Username":    "read from the user",
	"TransferDecision.Members.DisplayName": "read from the user", "TransferDecision.Members.Discipline": "oneof",
	"ParticipantLookup.ExternalRef": "a look-up key, never stored", "ParticipantLookup.Pseudonym": "a look-up key, never stored",
}

// Attack finding F4: a plan goal's need and the reintegration plan's supervising agency were
// stored unscreened. Every string of every case-record input is now either listed by its
// FreeTexts (and so screened by its Validate) or named above as a code; a new field that is
// neither fails here.
func TestEveryFreeTextIsScreened(t *testing.T) {
	seen := map[string]bool{}
	for _, typ := range storeInputs() {
		v := reflect.New(typ).Elem()
		fill(v)
		texts := func() []TextField {
			if ft, ok := v.Interface().(interface{ FreeTexts() []TextField }); ok {
				return ft.FreeTexts()
			}
			return nil
		}
		eachString(v, typ.Name(), func(path string, s reflect.Value) {
			key := regexp.MustCompile(`\[\d+\]`).ReplaceAllString(path, "")
			seen[key] = true
			marker := "<" + path + ">"
			s.SetString(marker)
			defer s.SetString("")
			screened := slices.ContainsFunc(texts(), func(f TextField) bool { return strings.Contains(f.Text, marker) })
			_, code := notFreeText[key]
			switch {
			case screened && code:
				t.Errorf("%s is screened but also listed as a code", key)
			case !screened && !code:
				t.Errorf("%s is a string that is neither screened (FreeTexts) nor a code: a free text stored unscreened", key)
			}
		})
	}
	for key := range notFreeText {
		if !seen[key] {
			t.Errorf("notFreeText names %s, which no store input has", key)
		}
	}
}

// storeInputs lists the struct types the case stores' methods take (the element type of a
// list of structs too), but the principal.
func storeInputs() []reflect.Type {
	var out []reflect.Type
	for _, st := range caseStores {
		for i := range st.NumMethod() {
			m := st.Method(i).Type
			for j := range m.NumIn() {
				in := m.In(j)
				if in.Kind() == reflect.Slice {
					in = in.Elem()
				}
				if in.Kind() == reflect.Pointer {
					in = in.Elem()
				}
				if in.Kind() == reflect.Struct && in.PkgPath() == reflect.TypeFor[Principal]().PkgPath() &&
					in != reflect.TypeFor[Principal]() && !slices.Contains(out, in) {
					out = append(out, in)
				}
			}
		}
	}
	return out
}

// fill gives every list one element, every pointer a value and every flag true, so that every
// string an input can carry exists and counts (an Opt is then set).
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		if v.Type().Elem().PkgPath() == "time" {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem())
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0))
	case reflect.Struct:
		if v.Type().PkgPath() != reflect.TypeFor[Principal]().PkgPath() {
			return // time.Time and the like hold no text
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	}
}

// eachString calls fn with the path and the value of every settable string in v.
func eachString(v reflect.Value, path string, fn func(string, reflect.Value)) {
	switch v.Kind() {
	case reflect.String:
		fn(path, v)
	case reflect.Pointer:
		if !v.IsNil() {
			// An Opt's value is the Opt itself for the path.
			eachString(v.Elem(), path, fn)
		}
	case reflect.Slice:
		for i := range v.Len() {
			eachString(v.Index(i), path+"["+string(rune('0'+i))+"]", fn)
		}
	case reflect.Struct:
		if v.Type().PkgPath() != reflect.TypeFor[Principal]().PkgPath() {
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() || f.Name == "Set" {
				continue
			}
			if strings.HasPrefix(v.Type().Name(), "Opt[") && f.Name == "Value" {
				eachString(v.Field(i), path, fn)
				continue
			}
			eachString(v.Field(i), path+"."+f.Name, fn)
		}
	}
}
