-- Documents, their versions and the change sequence that drives indexing.
-- Kept to SQL that SQLite and PostgreSQL both accept.

CREATE TABLE documents (
    id              TEXT PRIMARY KEY,
    current_version INTEGER NOT NULL,
    -- The change sequence of the document's last change: the index is
    -- complete up to the sequence number it recorded at its last commit.
    seq             BIGINT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    date_from       TEXT,
    date_to         TEXT,
    doc_type        TEXT NOT NULL,
    repository      TEXT,
    languages       TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE versions (
    doc_id      TEXT NOT NULL REFERENCES documents(id),
    version     INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_size BIGINT NOT NULL,
    -- The document in the fonds JSON form (docs/document-json.md).
    document    TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, version)
);

CREATE INDEX documents_date ON documents (date_from);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
