-- Accounts, who may read what, and what was done.
--
-- A user's password is kept only as an Argon2id hash in the PHC string
-- form (the parameters and salt inside it). Sessions and API tokens are
-- kept only as the SHA-256 of the secret the client holds: a copy of the
-- database lets no one log in.
CREATE TABLE users (
    name       TEXT PRIMARY KEY,
    role       TEXT NOT NULL,
    password   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
    secret_sha256 TEXT PRIMARY KEY,
    user_name     TEXT NOT NULL REFERENCES users(name),
    -- The token every form of the session carries (CSRF).
    csrf          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    -- Unix seconds: the session ends then, or idle for its idle limit.
    expires_at    BIGINT NOT NULL,
    last_seen     BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    secret_sha256 TEXT PRIMARY KEY,
    user_name     TEXT NOT NULL REFERENCES users(name),
    label         TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- Who may read a document, or every document of a collection (the
-- citation's publisher: a volume, a collection). A document's own rule
-- comes before its collection's. `state` is public, restricted or
-- embargoed; an embargo ends at the start of `until` (YYYY-MM-DD, UTC),
-- when the document is public without any rebuild. Before that, and
-- always for a restricted document, it is shown to admins and to the roles
-- and users named (comma-separated). Rules are never deleted: setting one
-- public keeps its row, so that `changed` only grows and a server sees a
-- change by reading one number.
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

-- The collection a document belongs to, for the rules of collections;
-- NULL until it is read from the document (rows of an earlier fonds), ''
-- for none.
ALTER TABLE documents ADD COLUMN collection TEXT;
CREATE INDEX documents_collection ON documents (collection);

-- What was done, and who read restricted material: appended, never
-- changed.
CREATE TABLE audit_log (
    seq    BIGINT PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL
);
