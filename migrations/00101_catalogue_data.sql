-- +goose Up
-- The catalogues every deployment starts from. Administrators add and retire entries;
-- these rows are never deleted once cases refer to them.

-- Rome Memorandum good practices. Titles and evidence notes are our paraphrases. Status says
-- whether the numbering has been checked against the memorandum's text.
INSERT INTO practices (code, number, section, title, evidence, status) VALUES
('GP1',  1,  'A', 'Clear programme goals, with indicators of success and failure', 'Programme objectives on file; outcome follow-ups recorded against them', 'confirmed'),
('GP2',  2,  'B', 'The programme rests on a safe, humane and well-run prison', 'Behavioural and compliance milestones; facility conditions reviewed', 'confirmed'),
('GP3',  3,  'B', 'Assessment and classification at intake, re-assessed over time', 'Baseline assessment at intake and scheduled re-assessments', 'probable'),
('GP4',  4,  'B', 'A deliberate choice between separate and dispersed housing, mindful of communications', 'Housing decision and its reasons recorded at intake', 'probable'),
('GP5',  5,  'B', 'Staff who are selected, trained and supported', 'Named, trained staff assigned to each case team', 'probable'),
('GP6',  6,  'B', 'Not yet identified', 'None until the practice is identified', 'unverified'),
('GP7',  7,  'C', 'A broad range of cross-disciplinary experts working in close coordination', 'Case teams drawing on several disciplines; coordinated plans', 'confirmed'),
('GP8',  8,  'C', 'Psychologists fully part of the programme; the individual plan built on their assessment', 'Psychological assessment and support sessions; plan goals tied to assessed needs', 'confirmed'),
('GP9',  9,  'C', 'Prison officers understand and support the programme', 'Prison officers on case teams; officer-delivered activities', 'confirmed'),
('GP10', 10, 'C', 'A defined role for law enforcement', 'Supervision and compliance records shared with the supervising agency', 'probable'),
('GP11', 11, 'C', 'A role for families', 'Family engagement sessions; family contact at follow-up', 'probable'),
('GP12', 12, 'C', 'Religious scholars and other ideological experts', 'Religious or ideological dialogue sessions', 'probable'),
('GP13', 13, 'C', 'Victims and those who speak for them', 'Victim-perspective sessions', 'probable'),
('GP14', 14, 'C', 'Former violent extremists and respected community figures', 'Mentoring by former extremists or community figures', 'probable'),
('GP15', 15, 'D', 'Programmes that build cognitive skills', 'Cognitive-skills sessions', 'confirmed'),
('GP16', 16, 'D', 'Basic education', 'Education sessions; qualifications obtained', 'confirmed'),
('GP17', 17, 'D', 'Vocational training and help into work', 'Vocational sessions; employment at follow-up', 'confirmed'),
('GP18', 18, 'D', 'Recognising what participants achieve', 'Verified milestones', 'confirmed'),
('GP19', 19, 'D', 'Incentives to take part', 'Engagement milestones; attendance', 'confirmed'),
('GP20', 20, 'D', 'Reintegration and aftercare (number not yet confirmed)', 'Reintegration plan items in place at release', 'unverified'),
('GP21', 21, 'D', 'Reintegration and aftercare: post-release support and supervision (number not yet confirmed)', 'Follow-ups after release; supervision compliance', 'unverified'),
('GP22', 22, 'D', 'Reintegration and aftercare: family and community acceptance (number not yet confirmed)', 'Community and family items of the reintegration plan', 'unverified'),
('GP23', 23, 'D', 'Reintegration and aftercare: arts, culture and sport (number not yet confirmed)', 'Arts and sport sessions', 'unverified'),
('GP24', 24, 'D', 'Reintegration and aftercare (number not yet confirmed)', 'None until the practice is identified', 'unverified'),
('GP25', 25, 'D', 'Reintegration and aftercare: evaluation (number not yet confirmed)', 'Outcome follow-ups at fixed intervals', 'unverified');

INSERT INTO intervention_types (code, name, description) VALUES
('psychological_support',  'Psychological support',                  'Individual or group work with a psychologist'),
('cognitive_skills',       'Cognitive skills',                       'Structured programme on thinking, problem solving and self-control'),
('religious_dialogue',     'Religious or ideological dialogue',      'Dialogue with a religious scholar or ideological counsellor'),
('basic_education',        'Basic education',                        'Literacy, numeracy and schooling'),
('vocational_training',    'Vocational training and employment help','Skills training, work placements and job search'),
('family_engagement',      'Family engagement',                      'Sessions involving family members'),
('mentoring',              'Mentoring',                              'Mentoring by a trained mentor or respected community figure'),
('former_extremist_mentoring', 'Mentoring by a former extremist',    'Credible messenger work by someone who has left violent extremism'),
('victims_perspectives',   'Victims'' perspectives',                 'Work on the harm done, with or through victims and their advocates'),
('arts_sport',             'Arts and sport',                         'Creative, cultural and sporting activity'),
('life_skills',            'Life skills',                            'Budgeting, daily living, communication'),
('health_substance_use',   'Health and substance use',               'Health care, addiction and mental-health support'),
('resettlement_support',   'Resettlement support',                   'Housing, documents, benefits and practical preparation for release'),
('officer_engagement',     'Prison officer engagement',              'Structured contact with trained prison officers');

INSERT INTO intervention_type_practices (type_code, practice_code) VALUES
('psychological_support', 'GP8'), ('psychological_support', 'GP7'),
('cognitive_skills', 'GP15'),
('religious_dialogue', 'GP12'),
('basic_education', 'GP16'),
('vocational_training', 'GP17'),
('family_engagement', 'GP11'), ('family_engagement', 'GP22'),
('mentoring', 'GP14'),
('former_extremist_mentoring', 'GP14'),
('victims_perspectives', 'GP13'),
('arts_sport', 'GP23'),
('life_skills', 'GP15'), ('life_skills', 'GP17'),
('health_substance_use', 'GP7'),
('resettlement_support', 'GP20'), ('resettlement_support', 'GP17'),
('officer_engagement', 'GP9');

INSERT INTO milestone_definitions (code, domain, name, description, needs_verification) VALUES
('consent_and_first_session', 'engagement', 'Consent given and first session attended', 'The participant agreed to take part and attended a first session', false),
('sustained_attendance', 'engagement', 'Three months of sustained attendance', 'Attended at least four in five planned sessions for three months', true),
('no_disciplinary_incidents', 'behavioural', 'Six months without disciplinary incidents', 'No proven disciplinary incident in six months', true),
('violence_rejected', 'attitudinal', 'Rejects violence as a means', 'Consistently states and shows rejection of violence, as assessed by the team', true),
('group_ties_loosened', 'attitudinal', 'Distance from the extremist group', 'Has reduced contact with and loyalty to the extremist network', true),
('family_contact_restored', 'social', 'Family contact restored', 'Regular, positive contact with family re-established', true),
('prosocial_network', 'social', 'Pro-social network', 'Has pro-social friends or community ties outside the group', true),
('qualification_obtained', 'practical_reintegration', 'Qualification obtained', 'Completed a course or obtained a certificate', true),
('employment_secured', 'practical_reintegration', 'Work or training secured for release', 'A job, apprenticeship or course is arranged', true),
('housing_secured', 'practical_reintegration', 'Housing secured for release', 'Stable accommodation is arranged', true),
('documents_obtained', 'practical_reintegration', 'Identity documents obtained', 'Holds the identity documents needed after release', false),
('supervision_compliance', 'compliance', 'Six months of supervision compliance', 'Met every supervision condition for six months', true);

INSERT INTO milestone_practices (milestone_code, practice_code) VALUES
('consent_and_first_session', 'GP19'),
('sustained_attendance', 'GP19'), ('sustained_attendance', 'GP18'),
('no_disciplinary_incidents', 'GP2'), ('no_disciplinary_incidents', 'GP18'),
('violence_rejected', 'GP12'), ('violence_rejected', 'GP15'), ('violence_rejected', 'GP18'),
('group_ties_loosened', 'GP14'), ('group_ties_loosened', 'GP18'),
('family_contact_restored', 'GP11'), ('family_contact_restored', 'GP22'),
('prosocial_network', 'GP22'),
('qualification_obtained', 'GP16'), ('qualification_obtained', 'GP18'),
('employment_secured', 'GP17'),
('housing_secured', 'GP20'),
('documents_obtained', 'GP20'),
('supervision_compliance', 'GP10'), ('supervision_compliance', 'GP21');

INSERT INTO record_kind_practices (kind, practice_code) VALUES
('intake', 'GP3'), ('intake', 'GP4'),
('assessment', 'GP3'), ('assessment', 'GP8'),
('plan', 'GP8'), ('plan', 'GP7'),
('team', 'GP7'), ('team', 'GP5'),
('reintegration_plan', 'GP20'), ('reintegration_plan', 'GP11'),
('follow_up', 'GP21'), ('follow_up', 'GP1'), ('follow_up', 'GP25'),
('release', 'GP20');

INSERT INTO closure_reasons (code, name) VALUES
('completed', 'Completed the programme and aftercare'),
('withdrawn', 'Withdrew consent'),
('transferred_out', 'Transferred to another programme or jurisdiction'),
('reoffended_recalled', 'Reoffended or recalled to custody'),
('released_without_programme', 'Released before the programme could continue'),
('deceased', 'Deceased'),
('other', 'Other');

-- ICCS level 1 (sections), and the level-2 and level-3 codes for terrorism-related acts
-- that this field needs most.
INSERT INTO offence_categories (code, level, parent, name) VALUES
('01', 1, NULL, 'Acts leading to death or intending to cause death'),
('02', 1, NULL, 'Acts causing harm or intending to cause harm to the person'),
('03', 1, NULL, 'Injurious acts of a sexual nature'),
('04', 1, NULL, 'Acts against property involving violence or threat against a person'),
('05', 1, NULL, 'Acts against property only'),
('06', 1, NULL, 'Acts involving controlled psychoactive substances or other drugs'),
('07', 1, NULL, 'Acts involving fraud, deception or corruption'),
('08', 1, NULL, 'Acts against public order, authority and provisions of the State'),
('09', 1, NULL, 'Acts against public safety and state security'),
('10', 1, NULL, 'Acts against the natural environment'),
('11', 1, NULL, 'Other criminal acts not elsewhere classified'),
('0901', 2, '09', 'Acts involving weapons, explosives and other destructive materials'),
('0903', 2, '09', 'Acts against state security'),
('0904', 2, '09', 'Acts related to an organized criminal group'),
('0905', 2, '09', 'Acts related to terrorism'),
('09051', 3, '0905', 'Participation in a terrorist group'),
('09052', 3, '0905', 'Financing of terrorism'),
('09059', 3, '0905', 'Other acts related to terrorism');

-- A generic, open structured-professional-judgement instrument. Ratings 0-2 (absent,
-- partly present, present), or "not rated"; the overall judgement is the assessor's own.
INSERT INTO instruments (code, version, name, licence, review_interval_days, definition) VALUES
('pathways-open', '1', 'Pathways open risk and needs review', 'open', 180, $json$
{
  "scale": {"min": 0, "max": 2, "labels": {"0": "absent", "1": "partly present", "2": "present"}},
  "domains": [
    {"code": "beliefs", "name": "Beliefs and attitudes", "items": [
      {"code": "B1", "polarity": "risk", "text": "Endorses violence to reach ideological ends"},
      {"code": "B2", "polarity": "risk", "text": "Sees an out-group as an enemy or less than human"},
      {"code": "B3", "polarity": "protective", "text": "Questions or rejects the group's ideology"}
    ]},
    {"code": "belonging", "name": "Identity and belonging", "items": [
      {"code": "I1", "polarity": "risk", "text": "Identity bound up with the group or cause"},
      {"code": "I2", "polarity": "risk", "text": "Grievance or sense of injustice held strongly"},
      {"code": "I3", "polarity": "protective", "text": "Valued roles or identities outside the group"}
    ]},
    {"code": "network", "name": "Social network", "items": [
      {"code": "N1", "polarity": "risk", "text": "Contact with people who support violence"},
      {"code": "N2", "polarity": "protective", "text": "Supportive family contact"},
      {"code": "N3", "polarity": "protective", "text": "Pro-social friends or community ties"}
    ]},
    {"code": "capacity", "name": "Capacity and history", "items": [
      {"code": "C1", "polarity": "risk", "text": "Access to or skills with weapons or explosives"},
      {"code": "C2", "polarity": "risk", "text": "History of violence"},
      {"code": "C3", "polarity": "protective", "text": "Education, work or training in prospect"}
    ]},
    {"code": "change", "name": "Motivation and wellbeing", "items": [
      {"code": "M1", "polarity": "protective", "text": "Motivated to change and engaging with the programme"},
      {"code": "M2", "polarity": "risk", "text": "Mental-health or substance problems left untreated"},
      {"code": "M3", "polarity": "protective", "text": "Hope for a future outside the group"}
    ]}
  ]
}
$json$::jsonb);

-- +goose Down
DELETE FROM instruments; DELETE FROM offence_categories WHERE level > 1; DELETE FROM offence_categories;
DELETE FROM closure_reasons; DELETE FROM record_kind_practices; DELETE FROM milestone_practices;
DELETE FROM milestone_definitions; DELETE FROM intervention_type_practices; DELETE FROM intervention_types;
DELETE FROM practices;
