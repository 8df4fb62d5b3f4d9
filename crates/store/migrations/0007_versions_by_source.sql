-- The versions by their source's checksum: which documents share a source
-- file (a printed volume holds hundreds), asked when a document's bag is
-- written, without reading every version.
CREATE INDEX versions_sha256 ON versions (sha256);
