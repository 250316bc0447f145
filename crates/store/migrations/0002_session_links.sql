-- Sessions' web links (slides, papers, recordings) as a JSON array of
-- {"title", "url"} objects.
ALTER TABLE sessions ADD COLUMN links TEXT NOT NULL DEFAULT '[]';
