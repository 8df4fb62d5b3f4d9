-- The counts the linker reads, kept up to date with each document's people
-- rows: how many documents give each name (in all, in a preferred text, in
-- each role) and each link. Linking then reads one row per name instead of
-- every mention in the archive. Filled here from the rows already stored.

CREATE TABLE person_form_counts (
    form         TEXT PRIMARY KEY,
    docs         BIGINT NOT NULL,
    primary_docs BIGINT NOT NULL,
    speaker      BIGINT NOT NULL,
    participant  BIGINT NOT NULL,
    recorder     BIGINT NOT NULL,
    mentioned    BIGINT NOT NULL
);

-- A pair kept apart ('apart') is stored with its names in order.
CREATE TABLE person_link_counts (
    form_a   TEXT NOT NULL,
    form_b   TEXT NOT NULL,
    evidence TEXT NOT NULL,
    docs     BIGINT NOT NULL,
    PRIMARY KEY (form_a, form_b, evidence)
);

INSERT INTO person_form_counts
SELECT form, COUNT(DISTINCT doc_id),
       COUNT(DISTINCT CASE WHEN is_primary = 1 THEN doc_id END),
       COUNT(DISTINCT CASE WHEN role = 'speaker' THEN doc_id END),
       COUNT(DISTINCT CASE WHEN role = 'participant' THEN doc_id END),
       COUNT(DISTINCT CASE WHEN role = 'recorder' THEN doc_id END),
       COUNT(DISTINCT CASE WHEN role NOT IN ('speaker', 'participant', 'recorder') THEN doc_id END)
FROM person_mentions GROUP BY form;

INSERT INTO person_link_counts
SELECT a, b, evidence, COUNT(DISTINCT doc_id) FROM (
    SELECT CASE WHEN evidence = 'apart' AND form_b < form_a THEN form_b ELSE form_a END AS a,
           CASE WHEN evidence = 'apart' AND form_b < form_a THEN form_a ELSE form_b END AS b,
           evidence, doc_id
    FROM person_links
) AS l GROUP BY a, b, evidence;
