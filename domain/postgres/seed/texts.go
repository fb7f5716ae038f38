package seed

import "pathways/domain"

// needInterventions maps an instrument item to the interventions a plan would set against it.
var needInterventions = map[string][]string{
	"B1": {"religious_dialogue", "cognitive_skills"}, "B2": {"victims_perspectives", "religious_dialogue"},
	"B3": {"religious_dialogue", "former_extremist_mentoring"},
	"I1": {"former_extremist_mentoring", "mentoring"}, "I2": {"psychological_support", "cognitive_skills"},
	"I3": {"arts_sport", "vocational_training"},
	"N1": {"mentoring", "former_extremist_mentoring"}, "N2": {"family_engagement"}, "N3": {"arts_sport", "mentoring"},
	"C1": {"cognitive_skills", "victims_perspectives"}, "C2": {"cognitive_skills", "psychological_support"},
	"C3": {"vocational_training", "basic_education"},
	"M1": {"psychological_support"}, "M2": {"health_substance_use", "psychological_support"},
	"M3": {"psychological_support", "life_skills"},
}

// AbsenceNotes are what an individual session's notes say when its participant did not come,
// by attendance: a session nobody attended has no work to describe (trial 16, M14: an
// "Unexcused absence" beside notes of work done made the demo incoherent).
var AbsenceNotes = map[string][]string{
	"excused_absence": {
		"Participant excused: a medical appointment at the same time. Session to be rearranged.",
		"Excused by the wing officer; a legal visit was scheduled. Next session kept as planned.",
	},
	"unexcused_absence": {
		"Participant did not come and gave no reason. To be raised with the wing officer.",
		"No-show without notice; followed up with the unit staff, reason not yet known.",
	},
	"refused": {
		"Participant declined to attend today; the reasons are to be explored at the next session.",
		"Refused to come out for the session; brief contact at the door, no work done.",
	},
}

// Free text for the demo. None of it names or dates a person: the notes describe work done,
// in the way the identifier screening expects staff to write.
var (
	sessionNotes = []string{
		"Worked through the problem-solving steps; participant applied them to a recent conflict on the wing.",
		"Discussed sources of grievance and alternative ways of responding. Open and reflective today.",
		"Reviewed progress against the plan goals. Agreed on homework for the next session.",
		"Participant was guarded at first, then engaged with the exercise on perspective taking.",
		"Explored what a life outside the group could look like; identified two concrete steps.",
		"Short session: participant was tired after a difficult week, agreed to continue next time.",
		"Practised de-escalation techniques through role play.",
		"Reflected on the harm caused to victims; strong emotional response, handled well.",
	}
	groupNotes = []string{
		"Group worked well together; two newer members contributed for the first time.",
		"Structured discussion on respectful disagreement. Good participation overall.",
		"Practical workshop session; the group completed the planned module.",
		"Some tension at the start, resolved by the facilitator; productive second half.",
	}
	ratingEvidence = []string{
		"Observed in sessions and confirmed in file review.",
		"Based on interview and officer reports.",
		"Participant's own account, consistent with records.",
		"Limited information so far; to be reviewed.",
		"Consistent across the last three months of sessions.",
	}
	rationales = map[string]string{
		"low":      "Protective factors now outweigh risk factors; engagement is consistent and the participant distances themselves from violence.",
		"moderate": "Mixed picture: some attitudinal change, but network and grievance factors remain present.",
		"high":     "Strong identification with the cause and endorsement of violence; limited engagement so far.",
	}
	planSummaries = []string{
		"Focus on grievance, identity and building a life outside the group, with family support.",
		"Build cognitive skills and prepare for work; reduce contact with violent networks.",
		"Address the ideological justification of violence through dialogue, with psychological support.",
	}
	goalTexts = map[string]string{
		"B1": "Examine and challenge the justification of violence.",
		"B2": "Develop empathy and a more nuanced view of other groups.",
		"B3": "Strengthen the participant's own critical questioning of the ideology.",
		"I1": "Build an identity that does not depend on the group.",
		"I2": "Work through grievances and find legitimate ways to address them.",
		"I3": "Develop valued roles in work, family or community.",
		"N1": "Reduce contact with people who support violence.",
		"N2": "Restore supportive family contact.",
		"N3": "Build pro-social friendships and community ties.",
		"C1": "Reduce interest in weapons and related skills.",
		"C2": "Learn non-violent ways of handling conflict.",
		"C3": "Gain education or vocational skills for release.",
		"M1": "Sustain motivation and engagement with the programme.",
		"M2": "Address mental-health and substance problems with treatment.",
		"M3": "Build hope and concrete plans for the future.",
	}
	milestoneEvidence = map[string]string{
		"consent_and_first_session": "Consent form on file; first session attended.",
		"sustained_attendance":      "Attendance register shows more than four in five sessions attended over three months.",
		"no_disciplinary_incidents": "No proven adjudications in the period, per the prison record.",
		"violence_rejected":         "Consistent statements in sessions, confirmed by the team review.",
		"group_ties_loosened":       "Correspondence and visits show reduced contact with the network.",
		"family_contact_restored":   "Regular family visits and calls resumed.",
		"prosocial_network":         "Takes part in community and sports activity with pro-social peers.",
		"qualification_obtained":    "Course certificate obtained.",
		"employment_secured":        "Placement with an employer agreed for release.",
		"housing_secured":           "Tenancy arranged with the housing service.",
		"documents_obtained":        "Identity documents issued.",
		"supervision_compliance":    "Probation reports full compliance for six months.",
	}
	reintegrationTexts = map[string]string{
		"housing":        "Accommodation arranged through the housing service.",
		"work_education": "Work placement or course arranged.",
		"family":         "Family meetings held to prepare for return.",
		"mentoring":      "Community mentor matched.",
		"supervision":    "Supervision conditions explained and agreed.",
		"documents":      "Identity documents and benefits applications in hand.",
		"health":         "Registration with a general practitioner and follow-up care.",
		"community":      "Introduction to a community organisation.",
	}
	followUpNotes = map[string]string{
		"none":       "Settling in; keeps appointments and reports no problems.",
		"arrest":     "Arrested on suspicion of a new offence; supervising agency informed.",
		"charge":     "Charged with a new offence; case reviewed with the supervising agency.",
		"conviction": "Convicted of a new offence; recalled to custody.",
	}
	closureReasons = map[string]string{
		"withdrawn":                  "Participant withdrew consent after discussion with the team.",
		"transferred_out":            "Transferred to a facility outside the programme.",
		"reoffended_recalled":        "New offence after release; recalled to custody.",
		"released_without_programme": "Released before the programme could start.",
		"deceased":                   "Participant died in custody; natural causes.",
		"other":                      "Programme ended for administrative reasons.",
	}
	approvalComments = []string{"Agreed.", "Approved after team review.", "Approved; review in three months.", "Fine, proceed."}
	// rejectionComments say why a request goes back: a rejection is never "Agreed." (trial 17).
	rejectionComments = []string{"Not enough evidence on file yet; please add it and resubmit.", "The team has not reviewed this; bring it to the next case meeting.",
		"Too early: wait for the next assessment.", "Please link each goal to an assessed need."}
	// phaseRequestReasons: the "why now" a requester gives with a forward phase change, by
	// the phase asked for.
	phaseRequestReasons = map[domain.Phase][]string{
		domain.PhaseIntervention: {
			"Baseline finalised and the plan agreed with the participant at the team meeting; the group work can start this month.",
			"Assessment complete and plan approved; a place in the next cognitive skills cycle opens on Monday.",
			"Plan discussed with the participant and the wing staff; the participant is motivated and the mentor is available now.",
		},
		domain.PhasePreRelease: {
			"The parole board set the hearing date; release planning with the probation service has to start now.",
			"Release at end of sentence is four months away; the reassessment shows steady progress.",
			"The court confirmed the release date; housing and family contact need preparing before then.",
		},
	}
)
