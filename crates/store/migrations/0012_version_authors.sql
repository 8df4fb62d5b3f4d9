-- Who made a version, and why, when an editor made it in the reader (a
-- correction, a revert); NULL for a version imported from a file.
ALTER TABLE versions ADD COLUMN author TEXT;
ALTER TABLE versions ADD COLUMN comment TEXT;
