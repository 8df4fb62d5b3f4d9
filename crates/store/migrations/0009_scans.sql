-- The scanned pages of a document: image n (from 1) shows page n of its
-- original. The file is kept byte for byte in the blob store by its SHA-256
-- (scans are large and binary, so never in the database); its size in
-- pixels is read once, when it is attached. A document may have scans and
-- no transcription, so nothing here refers to pages.
CREATE TABLE scans (
    doc_id     TEXT NOT NULL,
    n          BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    name       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    width      BIGINT NOT NULL,
    height     BIGINT NOT NULL,
    added_at   TEXT NOT NULL,
    PRIMARY KEY (doc_id, n)
);
