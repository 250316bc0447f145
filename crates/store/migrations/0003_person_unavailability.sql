-- Times a person cannot take part, as a JSON array of {"start", "end"}
-- RFC 3339 instants.
ALTER TABLE people ADD COLUMN unavailable TEXT NOT NULL DEFAULT '[]';
