//! The schema, as an append-only list of migrations. `PRAGMA user_version`
//! holds how many have run. Never edit or reorder a step that has been
//! released: add a new one at the end.

use rusqlite::{Connection, Transaction};

/// Each entry moves the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: settings, and the audit log of exports, imports and erasures.
    "CREATE TABLE settings (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
     ) STRICT;
     CREATE TABLE audit_log (
        id      TEXT PRIMARY KEY NOT NULL,
        at      TEXT NOT NULL,
        action  TEXT NOT NULL,
        detail  TEXT NOT NULL DEFAULT ''
     ) STRICT;",
    // 2: people, training sessions and their registers, corrections to closed
    // registers, quiz attempts, self-paced progress and certificates.
    // Ids are UUID text; times are UTC RFC 3339 text with milliseconds, so
    // they sort as text; dates are YYYY-MM-DD and times of day HH:MM.
    "CREATE TABLE people (
        id           TEXT PRIMARY KEY NOT NULL,
        name         TEXT NOT NULL,
        organisation TEXT NOT NULL DEFAULT '',
        team         TEXT NOT NULL DEFAULT '',
        job_role     TEXT NOT NULL DEFAULT '',
        email        TEXT,
        created_at   TEXT NOT NULL
     ) STRICT;
     CREATE INDEX people_email ON people (email COLLATE NOCASE);
     CREATE INDEX people_name ON people (name COLLATE NOCASE);
     CREATE TABLE training_sessions (
        id             TEXT PRIMARY KEY NOT NULL,
        title          TEXT NOT NULL,
        course_title   TEXT NOT NULL,
        course_version TEXT NOT NULL,
        date           TEXT NOT NULL,
        start_time     TEXT NOT NULL,
        end_time       TEXT,
        location       TEXT NOT NULL DEFAULT '',
        trainer        TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        created_at     TEXT NOT NULL,
        closed_at      TEXT
     ) STRICT;
     CREATE INDEX training_sessions_date ON training_sessions (date);
     CREATE TABLE attendance (
        id           TEXT PRIMARY KEY NOT NULL,
        session_id   TEXT NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
        person_id    TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        status       TEXT NOT NULL
                     CHECK (status IN ('present', 'late', 'left_early', 'absent', 'expected')),
        signed_in_at TEXT,
        source       TEXT NOT NULL CHECK (source IN ('kiosk', 'roster', 'trainer')),
        updated_at   TEXT NOT NULL,
        UNIQUE (session_id, person_id)
     ) STRICT;
     CREATE INDEX attendance_person ON attendance (person_id);
     CREATE TABLE attendance_corrections (
        id            TEXT PRIMARY KEY NOT NULL,
        attendance_id TEXT NOT NULL REFERENCES attendance (id) ON DELETE CASCADE,
        old_status    TEXT NOT NULL,
        new_status    TEXT NOT NULL,
        reason        TEXT NOT NULL,
        at            TEXT NOT NULL
     ) STRICT;
     CREATE INDEX attendance_corrections_attendance ON attendance_corrections (attendance_id);
     CREATE TABLE quiz_attempts (
        id             TEXT PRIMARY KEY NOT NULL,
        person_id      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        session_id     TEXT REFERENCES training_sessions (id) ON DELETE SET NULL,
        module_id      TEXT NOT NULL,
        course_version TEXT NOT NULL,
        score          INTEGER NOT NULL,
        total          INTEGER NOT NULL,
        percent        INTEGER NOT NULL,
        passed         INTEGER NOT NULL CHECK (passed IN (0, 1)),
        started_at     TEXT NOT NULL,
        finished_at    TEXT NOT NULL
     ) STRICT;
     CREATE INDEX quiz_attempts_person ON quiz_attempts (person_id);
     CREATE TABLE module_progress (
        person_id    TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        module_id    TEXT NOT NULL,
        slide        INTEGER NOT NULL,
        updated_at   TEXT NOT NULL,
        completed_at TEXT,
        PRIMARY KEY (person_id, module_id)
     ) STRICT;
     CREATE TABLE certificates (
        id             TEXT PRIMARY KEY NOT NULL,
        person_id      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        course_title   TEXT NOT NULL,
        course_version TEXT NOT NULL,
        issued_at      TEXT NOT NULL
     ) STRICT;
     CREATE INDEX certificates_person ON certificates (person_id);",
    // 3: the file an export or backup wrote, so that after an erasure the
    // files made before it that may still hold the person can be listed.
    "ALTER TABLE audit_log ADD COLUMN path TEXT;",
    // 4: the room's knowledge check: hands raised for each option of a
    // question shown while presenting a session. Counts, not people, so
    // nothing here names anyone; they go when their session goes.
    "CREATE TABLE room_answers (
        session_id  TEXT NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
        module_id   TEXT NOT NULL,
        question_id TEXT NOT NULL,
        option      INTEGER NOT NULL CHECK (option >= 0),
        correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
        hands       INTEGER NOT NULL CHECK (hands >= 0),
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (session_id, question_id, option)
     ) STRICT;",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

pub(super) fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Runs every pending step in one transaction: either all apply or none do.
pub(super) fn migrate(conn: &mut Connection, from: u32) -> rusqlite::Result<()> {
    if from >= SCHEMA_VERSION {
        return Ok(());
    }
    let tx: Transaction = conn.transaction()?;
    for step in &MIGRATIONS[from as usize..] {
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()
}
