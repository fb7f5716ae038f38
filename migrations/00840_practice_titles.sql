-- +goose Up
-- The practice titles carried editing notes ("(number not yet confirmed)", "Not yet
-- identified") that users read as part of the title (trial of session 16). Whether a
-- number is checked is the status column's job, shown beside the title; the titles say
-- only what the practice is about. Only titles still as shipped are changed.
UPDATE practices p SET title = t.title FROM (VALUES
    ('GP6',  'Not yet identified', 'Prison context: a practice not yet identified'),
    ('GP20', 'Reintegration and aftercare (number not yet confirmed)', 'Reintegration and aftercare: preparing for release'),
    ('GP21', 'Reintegration and aftercare: post-release support and supervision (number not yet confirmed)', 'Reintegration and aftercare: post-release support and supervision'),
    ('GP22', 'Reintegration and aftercare: family and community acceptance (number not yet confirmed)', 'Reintegration and aftercare: family and community acceptance'),
    ('GP23', 'Reintegration and aftercare: arts, culture and sport (number not yet confirmed)', 'Reintegration and aftercare: arts, culture and sport'),
    ('GP24', 'Reintegration and aftercare (number not yet confirmed)', 'Reintegration and aftercare: a practice not yet identified'),
    ('GP25', 'Reintegration and aftercare: evaluation (number not yet confirmed)', 'Reintegration and aftercare: evaluation')
) AS t(code, shipped, title)
WHERE p.code = t.code AND p.title = t.shipped;

-- +goose Down
UPDATE practices p SET title = t.shipped FROM (VALUES
    ('GP6',  'Not yet identified', 'Prison context: a practice not yet identified'),
    ('GP20', 'Reintegration and aftercare (number not yet confirmed)', 'Reintegration and aftercare: preparing for release'),
    ('GP21', 'Reintegration and aftercare: post-release support and supervision (number not yet confirmed)', 'Reintegration and aftercare: post-release support and supervision'),
    ('GP22', 'Reintegration and aftercare: family and community acceptance (number not yet confirmed)', 'Reintegration and aftercare: family and community acceptance'),
    ('GP23', 'Reintegration and aftercare: arts, culture and sport (number not yet confirmed)', 'Reintegration and aftercare: arts, culture and sport'),
    ('GP24', 'Reintegration and aftercare (number not yet confirmed)', 'Reintegration and aftercare: a practice not yet identified'),
    ('GP25', 'Reintegration and aftercare: evaluation (number not yet confirmed)', 'Reintegration and aftercare: evaluation')
) AS t(code, shipped, title)
WHERE p.code = t.code AND p.title = t.title;
