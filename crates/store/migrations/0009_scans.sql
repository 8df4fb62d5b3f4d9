-- The scanned pages of a document: image n (from 1) shows page n of its
-- original. The image is kept byte for byte in the blob store by its SHA-256
-- (scans are large and binary, so never in the database); its size in
-- pixels is read once, when it is attached. An image that is a page of a
-- file attached whole (a PDF, rendered page by page) names that file, also
-- kept byte for byte, and its page in it; an image attached itself names
-- itself, page 1. A document may have scans and no transcription, so
-- nothing here refers to pages of text.
CREATE TABLE scans (
    doc_id     TEXT NOT NULL,
    n          BIGINT NOT NULL,
    sha256     TEXT NOT NULL,
    name       TEXT NOT NULL,
    media_type TEXT NOT NULL,
    width      BIGINT NOT NULL,
    height     BIGINT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_page  BIGINT NOT NULL,
    added_at   TEXT NOT NULL,
    PRIMARY KEY (doc_id, n)
);
