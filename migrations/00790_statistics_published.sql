-- +goose Up
-- Every statistical figure is published once (domain/statistics_published.go): the first
-- answer for a cell is kept here, before disclosure control, and every later answer for the
-- same cell is made from it, so records written later into a served period cannot be used
-- to read a small cell again and again. Rows are only ever added.
CREATE TABLE stat_published (
    indicator     text NOT NULL,
    period_from   date NOT NULL,
    period_to     date NOT NULL,
    scope         text NOT NULL,
    cell          text NOT NULL,
    n             bigint NOT NULL,
    rkey          bigint NOT NULL,
    hit_n         bigint NOT NULL,
    hit_rkey      bigint NOT NULL,
    total         double precision NOT NULL,
    median        double precision NOT NULL,
    people_n      bigint NOT NULL,
    people_rkey   bigint NOT NULL,
    has_people    boolean NOT NULL,
    people_capped boolean NOT NULL,
    published_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (indicator, period_from, period_to, scope, cell)
);

-- +goose StatementBegin
CREATE FUNCTION stat_published_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stat_published is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER stat_published_no_update BEFORE UPDATE OR DELETE ON stat_published
    FOR EACH ROW EXECUTE FUNCTION stat_published_append_only();
CREATE TRIGGER stat_published_no_truncate BEFORE TRUNCATE ON stat_published
    FOR EACH STATEMENT EXECUTE FUNCTION stat_published_append_only();

-- +goose Down
DROP TABLE stat_published;
DROP FUNCTION stat_published_append_only();
