-- +goose Up
-- A draft assessment can be discarded (issue 11): a "Save and finalise" that saved but could not
-- finalise, or an assessment begun by mistake, must not linger as a draft nobody can remove.
-- The row is kept (a clinical record is never silently deleted): its status becomes
-- 'discarded', with who discarded it and when, and like a final assessment it is frozen.
ALTER TABLE assessments
    ADD COLUMN discarded_at timestamptz,
    ADD COLUMN discarded_by uuid REFERENCES users(id);
ALTER TABLE assessments DROP CONSTRAINT assessments_status_check,
    ADD CONSTRAINT assessments_status_check CHECK (status IN ('draft', 'final', 'discarded'));
-- The table check of 00100 read "draft OR finalised": a discarded draft has no overall
-- judgement and no finalisation, so the rule is restated per status.
ALTER TABLE assessments DROP CONSTRAINT assessments_check,
    ADD CONSTRAINT assessments_final_complete CHECK (status <> 'final' OR (overall IS NOT NULL AND finalised_at IS NOT NULL)),
    ADD CONSTRAINT assessments_discarded_by_whom CHECK ((status = 'discarded') = (discarded_at IS NOT NULL AND discarded_by IS NOT NULL));

-- A discarded assessment, like a final one, never changes again, nor do its ratings.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION assessments_final_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'assessments' THEN
        IF OLD.status = 'final' THEN
            RAISE EXCEPTION 'a final assessment cannot be changed' USING ERRCODE = 'check_violation';
        END IF;
        IF OLD.status = 'discarded' THEN
            RAISE EXCEPTION 'a discarded assessment cannot be changed' USING ERRCODE = 'check_violation';
        END IF;
    ELSIF EXISTS (SELECT 1 FROM assessments WHERE id = OLD.assessment_id AND status IN ('final', 'discarded')) THEN
        RAISE EXCEPTION 'a final or discarded assessment cannot be changed' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- Fails while discarded assessments exist: they cannot be turned back into drafts unseen.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION assessments_final_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'assessments' THEN
        IF OLD.status = 'final' THEN
            RAISE EXCEPTION 'a final assessment cannot be changed' USING ERRCODE = 'check_violation';
        END IF;
    ELSIF EXISTS (SELECT 1 FROM assessments WHERE id = OLD.assessment_id AND status = 'final') THEN
        RAISE EXCEPTION 'a final assessment cannot be changed' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
ALTER TABLE assessments DROP CONSTRAINT assessments_discarded_by_whom, DROP CONSTRAINT assessments_final_complete,
    ADD CONSTRAINT assessments_check CHECK (status = 'draft' OR (overall IS NOT NULL AND finalised_at IS NOT NULL));
ALTER TABLE assessments DROP CONSTRAINT assessments_status_check,
    ADD CONSTRAINT assessments_status_check CHECK (status IN ('draft', 'final'));
ALTER TABLE assessments DROP COLUMN discarded_by, DROP COLUMN discarded_at;
