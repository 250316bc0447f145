-- Repairs of the timetable proposed for a track, waiting for an admin.
CREATE TABLE timetable_repairs (
    forum TEXT NOT NULL REFERENCES forums (slug) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    track TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    moves TEXT NOT NULL,
    summary TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    PRIMARY KEY (forum, number)
);
