-- Throughline's schema, one text for SQLite and PostgreSQL alike: only types
-- both understand (TEXT, BIGINT, DOUBLE PRECISION), natural keys scoped by
-- forum, instants as RFC 3339 UTC text (which sorts in time order), lists as
-- JSON arrays in TEXT, flags as 0/1.

CREATE TABLE forums (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    edition TEXT,
    city TEXT,
    country TEXT,
    time_zone TEXT NOT NULL
);

CREATE TABLE rooms (
    forum TEXT NOT NULL REFERENCES forums (slug) ON DELETE CASCADE,
    name TEXT NOT NULL,
    capacity BIGINT,
    remote BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (forum, name)
);

CREATE TABLE slots (
    forum TEXT NOT NULL REFERENCES forums (slug) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    PRIMARY KEY (forum, starts_at)
);

CREATE TABLE sessions (
    forum TEXT NOT NULL REFERENCES forums (slug) ON DELETE CASCADE,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL,
    format TEXT,
    policy_questions TEXT NOT NULL,
    tags TEXT NOT NULL,
    duration_minutes BIGINT NOT NULL,
    languages TEXT NOT NULL,
    status TEXT NOT NULL,
    merged_into TEXT,
    starts_at TEXT,
    room TEXT,
    expected_attendance BIGINT,
    remote_link TEXT,
    PRIMARY KEY (forum, code),
    FOREIGN KEY (forum, room) REFERENCES rooms (forum, name)
);

CREATE TABLE people (
    forum TEXT NOT NULL REFERENCES forums (slug) ON DELETE CASCADE,
    person_key TEXT NOT NULL,
    name TEXT NOT NULL,
    affiliation TEXT,
    stakeholder_group TEXT,
    country TEXT,
    gender TEXT,
    PRIMARY KEY (forum, person_key)
);

CREATE TABLE participations (
    forum TEXT NOT NULL,
    session TEXT NOT NULL,
    person_key TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (forum, session, person_key, role),
    FOREIGN KEY (forum, session) REFERENCES sessions (forum, code) ON DELETE CASCADE,
    FOREIGN KEY (forum, person_key) REFERENCES people (forum, person_key) ON DELETE CASCADE
);

CREATE TABLE tracks (
    forum TEXT NOT NULL REFERENCES forums (slug) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    narrative TEXT NOT NULL,
    policy_questions TEXT NOT NULL,
    seed_terms TEXT NOT NULL,
    colour TEXT,
    coordinators TEXT NOT NULL,
    example_sessions TEXT NOT NULL,
    intro_session TEXT,
    concluding_session TEXT,
    PRIMARY KEY (forum, slug)
);

CREATE TABLE track_memberships (
    forum TEXT NOT NULL,
    track TEXT NOT NULL,
    session TEXT NOT NULL,
    score DOUBLE PRECISION,
    reasons TEXT NOT NULL,
    origin TEXT NOT NULL,
    status TEXT NOT NULL,
    membership_role TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    PRIMARY KEY (forum, track, session),
    FOREIGN KEY (forum, track) REFERENCES tracks (forum, slug) ON DELETE CASCADE,
    FOREIGN KEY (forum, session) REFERENCES sessions (forum, code) ON DELETE CASCADE
);

CREATE INDEX track_memberships_by_session ON track_memberships (forum, session);

-- Mechanisms and reports keep their many list fields as one JSON document.
CREATE TABLE mechanisms (
    forum TEXT NOT NULL REFERENCES forums (slug) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (forum, id)
);

CREATE TABLE session_reports (
    forum TEXT NOT NULL,
    session TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (forum, session),
    FOREIGN KEY (forum, session) REFERENCES sessions (forum, code) ON DELETE CASCADE
);

-- The audit trail outlives what it describes: no foreign keys.
CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    forum TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);

CREATE INDEX audit_events_by_forum ON audit_events (forum, at);
