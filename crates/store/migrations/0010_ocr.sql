-- What OCR read on a document's scans: one row per scan that has it (scan n
-- of the document), replaced when the scan is read again. The file the
-- words came from (hOCR or ALTO, as the engine wrote it or as it was
-- imported) is kept byte for byte in the blob store; `file_page` is the
-- page of that file this scan is. `words` holds the page in the compact
-- form of `fonds_core::ocr::OcrPage` (every word with its box and
-- confidence), so that showing a word on the scan reads no XML.
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
