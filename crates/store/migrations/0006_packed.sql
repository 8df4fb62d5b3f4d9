-- Sources and documents kept zstd-compressed. A source row says whether
-- its bytes are a zstd frame (1) or the file as it is (0: rows written by
-- an earlier fonds). A version's document is a zstd frame of its JSON form
-- (a BLOB), or the JSON form as text in rows written by an earlier fonds:
-- JSON begins with "{", a frame with its magic number, so each reads as
-- what it is.

ALTER TABLE sources ADD COLUMN zstd INTEGER NOT NULL DEFAULT 0;
