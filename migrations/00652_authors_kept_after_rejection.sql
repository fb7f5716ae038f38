-- +goose Up
-- A rejection does not clear a reintegration plan's authors. 00650 started the list afresh
-- with the first edit after any decision; after a rejection that let whoever wrote the
-- rejected text approve it once somebody else had touched it and submitted it again, though
-- no second person had ever approved that text. Only an approval (whose content passed four
-- eyes) or a retirement (a recall: the next plan is a new one) starts the list afresh now.

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION reintegration_plan_authors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.authors := ARRAY[NEW.updated_by];
    ELSIF NEW.status = 'draft' AND NEW.version > OLD.version THEN
        -- An edit: every edit leaves the plan a draft with a new version.
        IF OLD.status IN ('approved', 'retired') THEN
            NEW.authors := ARRAY[NEW.updated_by];
        ELSE
            NEW.authors := CASE WHEN NEW.updated_by = ANY (OLD.authors) THEN OLD.authors
                ELSE OLD.authors || NEW.updated_by END;
        END IF;
    ELSE
        NEW.authors := OLD.authors; -- submitting, deciding or retiring writes nothing new
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION reintegration_plan_authors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.authors := ARRAY[NEW.updated_by];
    ELSIF NEW.status = 'draft' AND NEW.version > OLD.version THEN
        IF OLD.status = 'draft' THEN
            NEW.authors := CASE WHEN NEW.updated_by = ANY (OLD.authors) THEN OLD.authors
                ELSE OLD.authors || NEW.updated_by END;
        ELSE
            NEW.authors := ARRAY[NEW.updated_by];
        END IF;
    ELSE
        NEW.authors := OLD.authors;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
