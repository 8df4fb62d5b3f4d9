-- The turns and words spoken under each name in the documents' preferred
-- texts, kept with the other counts of names, so that a person's figures
-- are a sum over their names instead of over every mention in the archive.

ALTER TABLE person_form_counts ADD COLUMN turns BIGINT NOT NULL DEFAULT 0;
ALTER TABLE person_form_counts ADD COLUMN words BIGINT NOT NULL DEFAULT 0;

-- Grouped on `form || ''`, not `form`: grouping on the column would walk its
-- index and fetch each mention's row at random, which in a large archive is
-- a random read per mention; this reads the table once and sorts.
UPDATE person_form_counts SET turns = s.turns, words = s.words
FROM (
    SELECT form || '' AS form, SUM(turns) AS turns, SUM(words) AS words
    FROM person_mentions WHERE is_primary = 1 GROUP BY form || ''
) AS s
WHERE s.form = person_form_counts.form;
