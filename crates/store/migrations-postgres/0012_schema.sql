-- The store's schema on PostgreSQL: what the embedded store's migrations
-- 1 to 12 (../migrations) build, in one step, with PostgreSQL's types:
-- every whole number a BIGINT (the store reads them as 64-bit), bytes a
-- BYTEA. Later migrations are written twice, one for each database, with
-- the same number. What each table holds is told in the embedded store's
-- migrations.

CREATE TABLE documents (
    id              TEXT PRIMARY KEY,
    current_version BIGINT NOT NULL,
    seq             BIGINT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    date_from       TEXT,
    date_to         TEXT,
    doc_type        TEXT NOT NULL,
    repository      TEXT,
    languages       TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    collection      TEXT
);
CREATE INDEX documents_date ON documents (date_from);
CREATE INDEX documents_collection ON documents (collection);

CREATE TABLE versions (
    doc_id          TEXT NOT NULL REFERENCES documents(id),
    version         BIGINT NOT NULL,
    sha256          TEXT NOT NULL,
    source_name     TEXT NOT NULL,
    source_size     BIGINT NOT NULL,
    -- A zstd frame of the document in the JSON form.
    document        BYTEA NOT NULL,
    imported_at     TEXT NOT NULL,
    document_sha256 TEXT,
    author          TEXT,
    comment         TEXT,
    PRIMARY KEY (doc_id, version)
);
CREATE INDEX versions_sha256 ON versions (sha256);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE person_mentions (
    doc_id     TEXT NOT NULL REFERENCES documents(id),
    form       TEXT NOT NULL,
    role       TEXT NOT NULL,
    lang       TEXT NOT NULL,
    is_primary BIGINT NOT NULL,
    turns      BIGINT NOT NULL,
    words      BIGINT NOT NULL,
    detail     TEXT
);
CREATE INDEX person_mentions_doc ON person_mentions (doc_id);
CREATE INDEX person_mentions_form ON person_mentions (form);

CREATE TABLE person_links (
    doc_id   TEXT NOT NULL REFERENCES documents(id),
    form_a   TEXT NOT NULL,
    form_b   TEXT NOT NULL,
    evidence TEXT NOT NULL
);
CREATE INDEX person_links_doc ON person_links (doc_id);

CREATE TABLE person_decisions (
    seq     BIGINT PRIMARY KEY,
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
    docs      BIGINT NOT NULL,
    why       TEXT NOT NULL
);
CREATE INDEX person_forms_person ON person_forms (person_id);

CREATE TABLE sources (
    sha256 TEXT PRIMARY KEY,
    bytes  BYTEA NOT NULL,
    zstd   BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE person_form_counts (
    form         TEXT PRIMARY KEY,
    docs         BIGINT NOT NULL,
    primary_docs BIGINT NOT NULL,
    speaker      BIGINT NOT NULL,
    participant  BIGINT NOT NULL,
    recorder     BIGINT NOT NULL,
    mentioned    BIGINT NOT NULL,
    turns        BIGINT NOT NULL DEFAULT 0,
    words        BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE person_link_counts (
    form_a   TEXT NOT NULL,
    form_b   TEXT NOT NULL,
    evidence TEXT NOT NULL,
    docs     BIGINT NOT NULL,
    PRIMARY KEY (form_a, form_b, evidence)
);

CREATE TABLE fixity_audits (
    n                BIGINT PRIMARY KEY,
    started_at       TEXT NOT NULL,
    finished_at      TEXT NOT NULL,
    scope            TEXT NOT NULL,
    share_percent    DOUBLE PRECISION,
    first_doc        TEXT,
    first_version    BIGINT,
    last_doc         TEXT,
    last_version     BIGINT,
    versions_checked BIGINT NOT NULL,
    sources_checked  BIGINT NOT NULL,
    problems         BIGINT NOT NULL,
    report           TEXT NOT NULL
);

CREATE TABLE scans (
    doc_id      TEXT NOT NULL,
    n           BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    name        TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    width       BIGINT NOT NULL,
    height      BIGINT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_page   BIGINT NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (doc_id, n)
);

CREATE TABLE ocr (
    doc_id      TEXT NOT NULL,
    n           BIGINT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_page   BIGINT NOT NULL,
    format      TEXT NOT NULL,
    engine      TEXT NOT NULL,
    languages   TEXT NOT NULL,
    word_count  BIGINT NOT NULL,
    confidence  DOUBLE PRECISION,
    words       TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (doc_id, n)
);

CREATE TABLE users (
    name       TEXT PRIMARY KEY,
    role       TEXT NOT NULL,
    password   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled   BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
    secret_sha256 TEXT PRIMARY KEY,
    user_name     TEXT NOT NULL REFERENCES users(name),
    csrf          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    BIGINT NOT NULL,
    last_seen     BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    secret_sha256 TEXT PRIMARY KEY,
    user_name     TEXT NOT NULL REFERENCES users(name),
    label         TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE access_rules (
    scope   TEXT NOT NULL,
    name    TEXT NOT NULL,
    state   TEXT NOT NULL,
    until   TEXT,
    roles   TEXT NOT NULL,
    users   TEXT NOT NULL,
    reason  TEXT NOT NULL,
    changed BIGINT NOT NULL,
    set_at  TEXT NOT NULL,
    set_by  TEXT NOT NULL,
    PRIMARY KEY (scope, name)
);

CREATE TABLE audit_log (
    seq    BIGINT PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL
);
