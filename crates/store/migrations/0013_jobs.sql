-- Long work as jobs (imports, OCR, reindexing, fixity audits) that any
-- worker of the archive takes: a queued job is claimed by one worker, which
-- holds it for a lease it renews while it works; a job whose worker died
-- (its lease ran out) goes to the next worker; a job that fails is tried
-- again after a wait that doubles each time, up to its attempts, then kept
-- as failed with its error. `args` is JSON; times are Unix seconds.
CREATE TABLE jobs (
    id           BIGINT PRIMARY KEY,
    kind         TEXT NOT NULL,
    args         TEXT NOT NULL,
    state        TEXT NOT NULL,
    attempts     BIGINT NOT NULL,
    max_attempts BIGINT NOT NULL,
    not_before   BIGINT NOT NULL,
    lease_until  BIGINT,
    worker       TEXT,
    progress     TEXT NOT NULL,
    error        TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX jobs_waiting ON jobs (state, not_before);
