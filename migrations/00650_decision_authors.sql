-- +goose Up
-- Four eyes on what was written, not only on who asked. A request for approval names, as it
-- is made, everyone who wrote or changed what it asks to approve; the database refuses a
-- decision by any of them, as it refuses one by the requester (00100). The names are taken
-- by the database from the subject itself, not from the application.

-- Who wrote or changed a reintegration plan since it was last decided (or retired): the plan
-- is one row changed in place, so each edit adds its editor, and the first edit after a
-- decision starts the list afresh (what was decided before had its own four eyes).
ALTER TABLE reintegration_plans ADD COLUMN authors uuid[] NOT NULL DEFAULT '{}';
-- Plans written before this migration: their last editor is all that is known.
UPDATE reintegration_plans SET authors = ARRAY[updated_by];

-- +goose StatementBegin
CREATE FUNCTION reintegration_plan_authors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.authors := ARRAY[NEW.updated_by];
    ELSIF NEW.status = 'draft' AND NEW.version > OLD.version THEN
        -- An edit: every edit leaves the plan a draft with a new version.
        IF OLD.status = 'draft' THEN
            NEW.authors := CASE WHEN NEW.updated_by = ANY (OLD.authors) THEN OLD.authors
                ELSE OLD.authors || NEW.updated_by END;
        ELSE
            NEW.authors := ARRAY[NEW.updated_by];
        END IF;
    ELSE
        NEW.authors := OLD.authors; -- submitting, deciding or retiring writes nothing new
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER reintegration_plan_authors BEFORE INSERT OR UPDATE ON reintegration_plans
    FOR EACH ROW EXECUTE FUNCTION reintegration_plan_authors();

-- The authors of what a request asks to approve, as it stood when it was asked: the plan's
-- author, the reintegration plan's authors, the milestone's claimant; a phase change has
-- none beyond its requester.
ALTER TABLE approvals ADD COLUMN authors uuid[] NOT NULL DEFAULT '{}';
UPDATE approvals a SET authors = ARRAY[p.created_by] FROM plans p WHERE a.kind = 'plan' AND p.id = a.subject_id;
UPDATE approvals a SET authors = ARRAY[m.claimed_by] FROM milestones m WHERE a.kind = 'milestone' AND m.id = a.subject_id;
UPDATE approvals a SET authors = r.authors FROM reintegration_plans r
    WHERE a.kind = 'reintegration_plan' AND a.status = 'pending' AND r.case_id = a.case_id;

-- +goose StatementBegin
CREATE FUNCTION approval_authors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.authors := coalesce(CASE NEW.kind
            WHEN 'plan' THEN (SELECT ARRAY[created_by] FROM plans WHERE id = NEW.subject_id)
            WHEN 'reintegration_plan' THEN (SELECT authors FROM reintegration_plans WHERE case_id = NEW.case_id)
            WHEN 'milestone' THEN (SELECT ARRAY[claimed_by] FROM milestones WHERE id = NEW.subject_id)
        END, '{}');
    ELSIF NEW.authors IS DISTINCT FROM OLD.authors THEN
        RAISE EXCEPTION 'approvals: the authors of what a request asks to approve are kept as they were when it was asked'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER approval_authors BEFORE INSERT OR UPDATE ON approvals
    FOR EACH ROW EXECUTE FUNCTION approval_authors();

-- Nobody decides what they wrote. NOT VALID: decisions taken before this rule existed stay
-- on record as they were (find them with: decided_by = ANY (authors)); every new decision is
-- checked.
ALTER TABLE approvals ADD CONSTRAINT approvals_not_by_author
    CHECK (decided_by IS NULL OR NOT (decided_by = ANY (authors))) NOT VALID;

-- +goose Down
ALTER TABLE approvals DROP CONSTRAINT approvals_not_by_author;
DROP TRIGGER approval_authors ON approvals;
DROP FUNCTION approval_authors();
ALTER TABLE approvals DROP COLUMN authors;
DROP TRIGGER reintegration_plan_authors ON reintegration_plans;
DROP FUNCTION reintegration_plan_authors();
ALTER TABLE reintegration_plans DROP COLUMN authors;
