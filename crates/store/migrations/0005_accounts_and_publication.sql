-- The web application: accounts with their roles per forum, sign-in links
-- from invitations, server-side web sessions, API tokens, failed sign-ins
-- (for the rate limit), personal agendas, published snapshots of a forum,
-- and a version per session for optimistic concurrency. Secrets (sign-in
-- links, session ids, API tokens) are kept only as SHA-256 hashes;
-- passwords as argon2id hashes.

ALTER TABLE sessions ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE grants (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    forum TEXT NOT NULL REFERENCES forums (slug) ON DELETE CASCADE,
    role TEXT NOT NULL,
    scope TEXT NOT NULL,
    PRIMARY KEY (user_id, forum, role, scope)
);

CREATE TABLE sign_in_links (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);

CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE sign_in_failures (
    subject TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE INDEX sign_in_failures_by_subject ON sign_in_failures (subject, at);

CREATE TABLE agenda_items (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    forum TEXT NOT NULL REFERENCES forums (slug) ON DELETE CASCADE,
    session TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (user_id, forum, session)
);

-- What the public sees of a forum: the programme after the publication
-- filter, as JSON, one row per publish; the newest is served.
CREATE TABLE publications (
    forum TEXT NOT NULL REFERENCES forums (slug) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (forum, number)
);
