-- People: the names each current document gives, the pairs it says are one
-- person or two, the editors' decisions, and the persons linked from them.
-- The per-document rows are rewritten with each new version; the persons are
-- derived and rebuilt whole; the decisions are the editors' and are kept.

CREATE TABLE person_mentions (
    doc_id     TEXT NOT NULL REFERENCES documents(id),
    form       TEXT NOT NULL,
    role       TEXT NOT NULL,
    lang       TEXT NOT NULL,
    -- From the document's preferred text: counted in archive figures.
    is_primary INTEGER NOT NULL,
    turns      INTEGER NOT NULL,
    words      INTEGER NOT NULL,
    detail     TEXT
);
CREATE INDEX person_mentions_doc ON person_mentions (doc_id);
CREATE INDEX person_mentions_form ON person_mentions (form);

CREATE TABLE person_links (
    doc_id   TEXT NOT NULL REFERENCES documents(id),
    form_a   TEXT NOT NULL,
    form_b   TEXT NOT NULL,
    -- 'alignment', 'participants', 'aligned-names', or 'apart' for two
    -- names the document shows are different persons.
    evidence TEXT NOT NULL
);
CREATE INDEX person_links_doc ON person_links (doc_id);

CREATE TABLE person_decisions (
    seq     INTEGER PRIMARY KEY,
    -- 'merge', 'split' or 'name'
    kind    TEXT NOT NULL,
    form_a  TEXT NOT NULL,
    form_b  TEXT NOT NULL,
    made_at TEXT NOT NULL
);

CREATE TABLE persons (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    notes TEXT NOT NULL
);

CREATE TABLE person_forms (
    form      TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons(id),
    docs      INTEGER NOT NULL,
    why       TEXT NOT NULL
);
CREATE INDEX person_forms_person ON person_forms (person_id);
