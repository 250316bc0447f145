-- Session reports: when they are due, and the reminders sent about them.
ALTER TABLE forums ADD COLUMN report_due_days INTEGER;

CREATE TABLE report_reminders (
    forum TEXT NOT NULL REFERENCES forums (slug) ON DELETE CASCADE,
    session TEXT NOT NULL,
    kind TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    recipients TEXT NOT NULL,
    PRIMARY KEY (forum, session, kind)
);
