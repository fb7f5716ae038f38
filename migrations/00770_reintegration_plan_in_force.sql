-- +goose Up
-- The reintegration plan in force while a revision of it is prepared. A case's plan is one
-- working copy edited in place; editing an approved plan used to turn it back into a draft,
-- so a case about to be released lost its approved plan until the revision was decided. The
-- approved content is now kept here, and stays the plan in force, until a supervisor approves
-- the revision (the row is then removed), the revision is discarded (the content goes back to
-- the working copy), or the plan is retired at a recall.
CREATE TABLE reintegration_plans_in_force (
    case_id            uuid PRIMARY KEY REFERENCES reintegration_plans(case_id),
    planned_release    date,
    release_type       text CHECK (release_type IN ('end_of_sentence', 'parole', 'conditional', 'court_order', 'other')),
    supervising_agency text NOT NULL,
    version            int NOT NULL,
    updated_by         uuid NOT NULL REFERENCES users(id),
    updated_at         timestamptz NOT NULL,
    decided_at         timestamptz,
    -- The items as they were approved: [{"area", "status", "description"}], in area order.
    items              jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array')
);

-- +goose Down
DROP TABLE reintegration_plans_in_force;
