-- +goose Up
-- Figures are filed by the family of figures they belong to (domain.Filing): indicators that
-- count the same records under the same codes share one, so the column names that.
ALTER TABLE stat_published RENAME COLUMN indicator TO family;

-- +goose Down
ALTER TABLE stat_published RENAME COLUMN family TO indicator;
