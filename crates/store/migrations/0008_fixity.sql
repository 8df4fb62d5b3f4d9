-- Fixity beyond the sources: each version's stored document (the JSON form
-- as kept, a zstd frame) gets the SHA-256 of its bytes when it is written;
-- rows of an earlier fonds have none and are checked by reading them.
ALTER TABLE versions ADD COLUMN document_sha256 TEXT;

-- Every fixity audit `fonds verify` recorded, never changed or removed: when
-- it ran, what it covered (the whole archive, or a share of the versions in
-- their order from the one after where the last share stopped), what it
-- checked and what it found.
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
