-- +goose Up
-- The follow-up and release facts (outcomes, reoffending) are read one by one per period
-- too: the covering index of the medians' and risk change's facts takes them in, so that
-- they come from the index alone rather than from pages all over the table (at 100,000
-- cases, with a cold cache, an outcome read 11,000 heap pages: 860 ms).
CREATE INDEX stat_fact_period_all ON stat_fact (kind, d1) INCLUDE (code, d2, v, country, facility_id, programme_id,
    participant_id, multi, prev_same, prev_kind, gender, birth_year, categories, opened_on, rkey)
    WHERE kind IN ('stay', 'msday', 'risk', 'fu_housing', 'fu_work_education', 'fu_family_contact', 'release');
DROP INDEX stat_fact_period;

-- +goose Down
CREATE INDEX stat_fact_period ON stat_fact (kind, d1) INCLUDE (code, d2, v, country, facility_id, programme_id,
    participant_id, multi, prev_same, prev_kind, gender, birth_year, categories, opened_on, rkey) WHERE kind IN ('stay', 'msday', 'risk');
DROP INDEX stat_fact_period_all;
