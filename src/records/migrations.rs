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
    // 4: the keys people are matched and found by (see `names.rs`): the
    // name folded for matching, and every searchable field folded for
    // finding. Computed in Rust when a person is written; rows from before
    // this step are filled in by `people::fill_missing_keys` on open.
    // And which record ids were merged into which (ids only), so that
    // erasing a person also cleans backups holding their merged records.
    "ALTER TABLE people ADD COLUMN name_key TEXT;
     ALTER TABLE people ADD COLUMN search_key TEXT;
     CREATE INDEX people_name_key ON people (name_key);
     CREATE TABLE person_merges (
        merged_id TEXT PRIMARY KEY NOT NULL,
        kept_id   TEXT NOT NULL,
        at        TEXT NOT NULL
     ) STRICT;
     CREATE INDEX person_merges_kept ON person_merges (kept_id);",
    // 5: self-paced learning. A learner may give a staff number instead of
    // an email. Finished attempts keep the course title, the seed of their
    // draw and every question asked with the answer chosen, so an attempt can
    // be shown again and re-marked. An attempt under way is kept whole (its
    // draw and the answers so far, as JSON) until it is finished, so closing
    // the app loses nothing. A course is complete for a learner once every
    // module's quiz is passed; that moment is kept as a record of its own.
    "ALTER TABLE people ADD COLUMN staff_number TEXT;
     CREATE INDEX people_staff_number ON people (staff_number);
     ALTER TABLE quiz_attempts ADD COLUMN course_title TEXT NOT NULL DEFAULT '';
     ALTER TABLE quiz_attempts ADD COLUMN seed TEXT;
     CREATE TABLE quiz_answers (
        attempt_id   TEXT NOT NULL REFERENCES quiz_attempts (id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        question_id  TEXT NOT NULL,
        option_order TEXT NOT NULL,
        chosen       TEXT NOT NULL,
        correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
        answered_at  TEXT,
        PRIMARY KEY (attempt_id, position)
     ) STRICT;
     CREATE TABLE quiz_open_attempts (
        id             TEXT PRIMARY KEY NOT NULL,
        person_id      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        module_id      TEXT NOT NULL,
        course_title   TEXT NOT NULL,
        course_version TEXT NOT NULL,
        seed           TEXT NOT NULL,
        asked          TEXT NOT NULL,
        answers        TEXT NOT NULL,
        started_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        UNIQUE (person_id, module_id)
     ) STRICT;
     CREATE TABLE course_completions (
        person_id      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        course_title   TEXT NOT NULL,
        course_version TEXT NOT NULL,
        completed_at   TEXT NOT NULL,
        PRIMARY KEY (person_id, course_title)
     ) STRICT;",
    // 6: what a certificate certified: a completed course or an attended
    // session (and which), the score printed on it, and the signed code it
    // carries, so a certificate can be printed again exactly as issued.
    "ALTER TABLE certificates ADD COLUMN kind TEXT NOT NULL DEFAULT 'completion'
        CHECK (kind IN ('completion', 'attendance'));
     ALTER TABLE certificates ADD COLUMN session_id TEXT
        REFERENCES training_sessions (id) ON DELETE SET NULL;
     ALTER TABLE certificates ADD COLUMN score INTEGER;
     ALTER TABLE certificates ADD COLUMN code TEXT NOT NULL DEFAULT '';",
    // 7: the room's knowledge check: hands raised for each option of a
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
    // 8: which xAPI statements a Learning Record Store acknowledged, and
    // when, per LRS address, so that sending again sends only the rest.
    // Statement ids only (UUIDs derived from record ids): no person's name
    // or contact details.
    "CREATE TABLE lrs_acknowledged (
        endpoint     TEXT NOT NULL,
        statement_id TEXT NOT NULL,
        at           TEXT NOT NULL,
        PRIMARY KEY (endpoint, statement_id)
     ) STRICT;",
    // 9: the course a learner's place belongs to, recorded as they learn,
    // so what is sent about a finished module names its course (before,
    // the course was assumed). Places kept before learn theirs from the
    // learner's latest attempt at that module, and attempts kept without a
    // course from their session's.
    "ALTER TABLE module_progress ADD COLUMN course_title TEXT NOT NULL DEFAULT '';
     UPDATE module_progress SET course_title = COALESCE((
         SELECT a.course_title FROM quiz_attempts a
          WHERE a.person_id = module_progress.person_id
            AND a.module_id = module_progress.module_id
            AND a.course_title <> ''
          ORDER BY a.finished_at DESC LIMIT 1), '');
     UPDATE quiz_attempts SET course_title = COALESCE((
         SELECT s.course_title FROM training_sessions s WHERE s.id = quiz_attempts.session_id), '')
      WHERE course_title = '' AND session_id IS NOT NULL;",
    // 10: each session's head counts are read from an index alone, without
    // visiting every register row (a 100,000-row list of sessions: 90 ms to
    // 36 ms).
    "CREATE INDEX attendance_session_status ON attendance (session_id, status);",
    // 11: the ids of people erased on request (ids only, as the audit log
    // keeps them), so that a record bundle made before an erasure cannot
    // bring the person back. Erasures already in the audit log carry over.
    "CREATE TABLE erased_people (
        id        TEXT PRIMARY KEY NOT NULL,
        erased_at TEXT NOT NULL
     ) STRICT;
     INSERT OR IGNORE INTO erased_people (id, erased_at)
      SELECT substr(detail, 15, 36), at FROM audit_log
       WHERE action = 'erase' AND detail LIKE 'person erased %';",
    // 12: what each statement a Learning Record Store acknowledged was made
    // from (the record, `kind:record id`, and whose it is) and what it said
    // (a digest), so that a record corrected, merged or erased after it was
    // sent is put right there: the old statement voided and, where the
    // record still says something, the new one sent. `voided_at` is when
    // the LRS acknowledged the voiding. Rows from before learn theirs as
    // the app next starts (`lrs::learn_sent`), from the records as they are
    // then; `record` is '' for one whose record was gone by then.
    "ALTER TABLE lrs_acknowledged ADD COLUMN record TEXT;
     ALTER TABLE lrs_acknowledged ADD COLUMN person_id TEXT;
     ALTER TABLE lrs_acknowledged ADD COLUMN digest TEXT;
     ALTER TABLE lrs_acknowledged ADD COLUMN voided_at TEXT;",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

pub(super) fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Runs every pending step in one transaction: either all apply or none do.
/// The version is read inside that (immediate) transaction, so two programs
/// opening a new database at once do not both create its tables.
pub(super) fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    if user_version(conn)? >= SCHEMA_VERSION {
        return Ok(());
    }
    let tx: Transaction = conn.transaction()?;
    let from = user_version(&tx)?;
    if from >= SCHEMA_VERSION {
        return Ok(());
    }
    for step in &MIGRATIONS[from as usize..] {
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()
}
