-- Source files, byte for byte, by SHA-256, in the database itself: the
-- embedded store writes each with its document's rows, in one transaction,
-- instead of one file per source. Sources written by an earlier fonds stay in
-- the blob folder and are read from there.

CREATE TABLE sources (
    sha256 TEXT PRIMARY KEY,
    bytes  BLOB NOT NULL
);
