-- Days its organisers would rather have a session on, as a JSON array of
-- "YYYY-MM-DD" days in the forum's time zone.
ALTER TABLE sessions ADD COLUMN preferred_days TEXT NOT NULL DEFAULT '[]';
