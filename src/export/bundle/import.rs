//! Importing a bundle: the file is parsed as a stream and each record, as
//! it arrives, is checked against the rules, compared with the records here
//! and with the rest of the bundle, and added inside one transaction that
//! is committed only when nothing blocks (and never on a dry run). What it
//! decides is described in the parent module; what each kind is, in
//! `kinds.rs`.

use std::cell::Cell;
use std::collections::HashSet;
use std::fmt;
use std::io::{BufReader, Read};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use rusqlite::{Connection, params};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess};
use serde::{Deserializer, Serialize};
use uuid::Uuid;

use super::kinds::{Kind, Reference, for_each_kind, kind_of_table, select};
use super::{
    BUNDLE_FORMAT, Bundle, BundleConflict, BundleReport, Difference, ImportOptions, LIST_LIMIT,
    RecordProblem, Resolution, Resolutions, SameEmail, ToErase, ToMerge, check_format,
    check_version,
};
use crate::export::ExportError;
use crate::progress::{Progress, Silent};
use crate::records::audit::{self, AuditAction};
use crate::records::duplicates::{self, PersonMerge};
use crate::records::erase::Erased;
use crate::records::people::{self, Person};
use crate::records::{DbContext, RecordsError, Store, erase, sql};

/// Reads the bundle at `path` as a stream and imports it; see
/// [`import_bundle_from`]. Progress is counted in kilobytes of the file.
pub fn import_bundle_file(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<BundleReport, ExportError> {
    let (file, size) = crate::files::open_regular(path)?;
    import_bundle_from(
        store,
        BufReader::with_capacity(256 * 1024, file),
        size,
        path,
        options,
        progress,
    )
}

/// Imports a bundle already in memory, through the same checks.
pub fn import_bundle(
    store: &mut Store,
    bundle: &Bundle,
    source: &str,
    options: &ImportOptions,
) -> Result<BundleReport, ExportError> {
    let json = serde_json::to_vec(bundle).map_err(|source_err| ExportError::Json {
        path: PathBuf::from(source),
        source: source_err,
    })?;
    let size = json.len() as u64;
    import_bundle_from(
        store,
        json.as_slice(),
        size,
        Path::new(source),
        options,
        &Silent,
    )
}

/// Merges a bundle read from `reader` (`size` bytes long, for progress) into
/// the store in one transaction (see the module notes). With a dry run, or
/// while anything blocks, nothing is written and the report says what would
/// have happened. Cancelled, it stops and changes nothing.
pub fn import_bundle_from(
    store: &mut Store,
    reader: impl Read,
    size: u64,
    source: &Path,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<BundleReport, ExportError> {
    store.check_writable()?;
    let tx = store
        .conn()
        .transaction()
        .doing("start importing the bundle")?;
    // Records may arrive in any order (a hand-made bundle might list
    // attendance before sessions); what they point to is checked at the end.
    tx.pragma_update(None, "defer_foreign_keys", true)
        .doing("start importing the bundle")?;
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS bundle_seen (
            kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key)
         ) WITHOUT ROWID;
         DELETE FROM temp.bundle_seen;",
    )
    .doing("start importing the bundle")?;

    let mut import = Import {
        conn: &tx,
        resolutions: &options.resolutions,
        report: BundleReport {
            dry_run: options.dry_run,
            ..BundleReport::default()
        },
        format: false,
        version: false,
        failure: None,
        reading: None,
        unlisted_blocking: 0,
        progress,
        read: Rc::default(),
        size_kb: size.div_ceil(1024),
        taken: 0,
        left_out: HashSet::new(),
        merges: Vec::new(),
    };
    let reader = Counted {
        inner: reader,
        read: import.read.clone(),
    };
    let bad = |reason: String| ExportError::BundleFormat {
        path: source.to_path_buf(),
        reason,
    };
    let mut json = serde_json::Deserializer::from_reader(reader);
    let read = json.deserialize_map(&mut import).and_then(|()| json.end());
    if let Err(err) = read {
        match import.failure.take() {
            // Said by the visitor, which does not know the path.
            Some(ExportError::BundleFormat { reason, .. }) => return Err(bad(reason)),
            Some(failure) => return Err(failure),
            None => {}
        }
        let at = match import.reading {
            Some((field, n)) => format!("in {field}, record {n}: "),
            None => String::new(),
        };
        return Err(bad(if err.is_eof() {
            format!("it ends too soon, as if cut off ({at}{err})")
        } else {
            format!("{at}{err}")
        }));
    }
    progress.step(import.size_kb, import.size_kb);
    if !import.format {
        return Err(bad(format!(
            "it does not say its format (\"format\": {BUNDLE_FORMAT:?})"
        )));
    }
    if !import.version {
        return Err(bad("it does not say its version".into()));
    }
    import.missing_references()?;
    let mut report = import.report;
    report.blocking = report
        .conflicts
        .iter()
        .filter(|c| c.resolution.is_none())
        .count() as u32
        + report.problems.len() as u32
        + import.unlisted_blocking;
    let write =
        !options.dry_run && report.blocking == 0 && (options.erase || report.to_erase.is_empty());
    if write {
        audit::write(
            &tx,
            AuditAction::Import,
            &format!(
                "record bundle {}: {} records added, {} brought up to date, {} already present, \
                 {} people replaced, {} people merged as merged where it was made, \
                 {} about erased people left out, \
                 {} people erased here as erased where it was made",
                source.display(),
                report.added.total(),
                report.updated.total(),
                report.already_present.total(),
                report.replaced,
                report.to_merge.len(),
                report.erased_left_out,
                report.to_erase.len()
            ),
        )?;
        tx.commit().doing("save the imported records")?;
        // Each erasure is its own work on the database and every backup,
        // after the records are in, so that nothing the bundle brought is
        // left of them either.
        for person in &report.to_erase {
            report
                .erasures
                .push(erase::erase_person(store, person.id, progress)?);
        }
    }
    // Otherwise the transaction is dropped: rolled back, nothing changed.
    report.imported = write;
    Ok(report)
}

/// The state of one import while the bundle streams through it.
struct Import<'c> {
    conn: &'c Connection,
    resolutions: &'c Resolutions,
    report: BundleReport,
    format: bool,
    version: bool,
    /// The error that stopped reading, when it was not the JSON's fault.
    failure: Option<ExportError>,
    /// Which list and record number is being read, for a parse error.
    reading: Option<(&'static str, u64)>,
    unlisted_blocking: u32,
    progress: &'c dyn Progress,
    /// Bytes of the file read so far, counted by [`Counted`].
    read: Rc<Cell<u64>>,
    size_kb: u64,
    taken: u64,
    /// Records left out as about a person erased here, by kind and key.
    left_out: HashSet<(&'static str, String)>,
    /// Merges made where the bundle was made that wait for their kept
    /// person to arrive, with the ids as they are here.
    merges: Vec<PersonMerge>,
}

/// A reader that counts the bytes it has given, for progress.
struct Counted<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

impl Import<'_> {
    /// Keeps `err` and gives the parser an error that stops it.
    fn stop<E: de::Error>(&mut self, err: ExportError) -> E {
        let message = err.to_string();
        self.failure = Some(err);
        E::custom(message)
    }

    /// Records that `key` of `kind` was in the bundle; false when it already
    /// had been.
    fn first_time(&self, kind: &str, key: &str) -> Result<bool, RecordsError> {
        let changed = self
            .conn
            .prepare_cached("INSERT OR IGNORE INTO temp.bundle_seen (kind, key) VALUES (?1, ?2)")
            .and_then(|mut stmt| stmt.execute(params![kind, key]))
            .doing("note a record of the bundle")?;
        Ok(changed == 1)
    }

    fn seen(&self, kind: &str, key: &str) -> Result<bool, RecordsError> {
        Ok(sql::one(
            self.conn,
            "SELECT 1 FROM temp.bundle_seen WHERE kind = ?1 AND key = ?2",
            params![kind, key],
            |_| Ok(()),
            "look for a record of the bundle",
        )?
        .is_some())
    }

    fn problem(&mut self, kind: &str, id: String, field: &str, reason: String) {
        if self.report.problems.len() < LIST_LIMIT {
            self.report.problems.push(RecordProblem {
                kind: kind.into(),
                id,
                field: field.into(),
                reason,
            });
        } else {
            self.report.not_listed += 1;
            self.unlisted_blocking += 1;
        }
    }

    fn conflict(&mut self, conflict: BundleConflict) {
        if self.report.conflicts.len() < LIST_LIMIT {
            self.report.conflicts.push(conflict);
        } else {
            self.report.not_listed += 1;
            if conflict.resolution.is_none() {
                self.unlisted_blocking += 1;
            }
        }
    }

    fn here<T: Kind>(&self, condition: &str, values: &[String]) -> Result<Option<T>, RecordsError> {
        sql::one(
            self.conn,
            &select::<T>(condition),
            rusqlite::params_from_iter(values),
            T::from_row,
            "compare the bundle with the records here",
        )
    }

    /// Whether `item` is about a person erased here, or part of a record
    /// that is; if so it is remembered, so its own parts are left out too.
    fn erased<T: Kind>(&mut self, item: &T, id: &str) -> Result<bool, RecordsError> {
        let erased = match (item.person(), item.part_of()) {
            (Some(person), _) => erase::is_erased(self.conn, person)
                .doing("check the bundle against the people erased here")?,
            (None, Some(whole)) => self.left_out.contains(&whole),
            (None, None) => false,
        };
        if erased {
            self.left_out.insert((T::KIND, id.to_string()));
        }
        Ok(erased)
    }

    /// The people the bundle says were erased where it was made. Each is
    /// noted as erased here, so that nothing of theirs in the bundle comes
    /// in; whoever of them is here (or was merged here into someone who is)
    /// is listed, to be erased once the import is saved.
    fn erased_elsewhere(&mut self, list: &[Erased]) -> Result<(), RecordsError> {
        for erased in list {
            if erase::is_erased(self.conn, erased.id).doing("read who was erased")? {
                continue;
            }
            let here = self.merged_into(erased.id)?.unwrap_or(erased.id);
            match people::find(self.conn, here)? {
                Some(person) => self.erase_too(person),
                None => self.report.erasures_noted += 1,
            }
            erase::note_erased(self.conn, erased).doing("note who was erased")?;
        }
        // Someone merged there into a person erased there is that person.
        self.merge_waiting()
    }

    /// The merges made where the bundle was made: each is repeated here
    /// when both people are here, or once the kept one arrives.
    fn merged_elsewhere(&mut self, list: &[PersonMerge]) -> Result<(), RecordsError> {
        for merge in list {
            let here = PersonMerge {
                merged_id: self
                    .merged_into(merge.merged_id)?
                    .unwrap_or(merge.merged_id),
                kept_id: self.merged_into(merge.kept_id)?.unwrap_or(merge.kept_id),
                at: merge.at,
            };
            if here.merged_id != here.kept_id {
                self.merges.push(here);
            }
        }
        self.merge_waiting()
    }

    /// Repeats each waiting merge whose people are both here now. One of
    /// two records of a person erased here is that person: the other is
    /// to be erased too. A merged record never here is noted, so that a
    /// bundle still holding it brings its records to the kept person.
    fn merge_waiting(&mut self) -> Result<(), RecordsError> {
        let mut left = Vec::new();
        for merge in std::mem::take(&mut self.merges) {
            let is_erased = |id| erase::is_erased(self.conn, id).doing("read who was erased");
            let (merged_erased, kept_erased) =
                (is_erased(merge.merged_id)?, is_erased(merge.kept_id)?);
            let merged = people::find(self.conn, merge.merged_id)?;
            let kept = people::find(self.conn, merge.kept_id)?;
            match (merged, kept) {
                (Some(person), _) if kept_erased => self.erase_too(person),
                (_, Some(person)) if merged_erased => self.erase_too(person),
                (Some(merged), Some(kept)) => {
                    duplicates::merge_in(self.conn, kept.id, merged.id, sql::now())?;
                    if self.report.to_merge.len() < LIST_LIMIT {
                        self.report.to_merge.push(ToMerge {
                            kept: kept.name,
                            merged: merged.name,
                        });
                    } else {
                        self.report.not_listed += 1;
                    }
                }
                (None, Some(_)) if !merged_erased => duplicates::note_merge(self.conn, &merge)?,
                (_, None) if !kept_erased => left.push(merge),
                _ => {}
            }
        }
        self.merges = left;
        Ok(())
    }

    /// Lists `person`, who is here, to be erased once the import is saved.
    fn erase_too(&mut self, person: Person) {
        if !self.report.to_erase.iter().any(|p| p.id == person.id) {
            self.report.to_erase.push(ToErase {
                id: person.id,
                name: person.name,
            });
        }
    }

    /// The person a record keeper merged `person` into here, if they did.
    fn merged_into(&self, person: Uuid) -> Result<Option<Uuid>, RecordsError> {
        sql::one(
            self.conn,
            "SELECT kept_id FROM person_merges WHERE merged_id = ?1",
            [person.to_string()],
            |row| row.get::<_, String>(0),
            "check the bundle against the people merged here",
        )
        .map(|kept| kept.and_then(|id| Uuid::parse_str(&id).ok()))
    }

    /// Sorts one record into added, brought up to date, already present,
    /// conflicting or bad, and adds it when it is new.
    fn take<T: Kind>(&mut self, mut item: T) -> Result<(), RecordsError> {
        self.taken += 1;
        if self.taken.is_multiple_of(500) {
            if self.progress.cancelled() {
                return Err(RecordsError::Cancelled);
            }
            self.progress
                .step(self.read.get().div_ceil(1024), self.size_kb);
        }
        let key = item.key();
        let id = key.join("/");
        let first = self.first_time(T::KIND, &id)?;
        if self.erased(&item, &id)? {
            if first {
                self.report.erased_left_out += 1;
            }
            return Ok(());
        }
        if !first {
            // The bundle holds this id twice: harmless when the copies are
            // the same, a conflict when they differ.
            let first = self.here::<T>(T::KEY, &key)?;
            if first.as_ref() != Some(&item) {
                let label = item.label(self.conn);
                self.conflict(BundleConflict {
                    kind: T::KIND.into(),
                    id,
                    label,
                    reason: "is in the bundle twice, with different content".into(),
                    differences: first.map_or_else(Vec::new, |f| differences(&f, &item)),
                    resolvable: false,
                    resolution: None,
                });
            }
            return Ok(());
        }
        // Someone merged here into another person is that person now: the
        // bundle's copy of them is already here, and records about them
        // are the kept person's, where what the merge kept stands.
        let merged = match item.person() {
            Some(person) => self.merged_into(person)?,
            None => None,
        };
        if let Some(kept) = merged {
            if item.as_person().is_some() {
                *T::counter(&mut self.report.already_present) += 1;
                return Ok(());
            }
            item.for_person(kept);
        }
        let problems = item.check();
        if !problems.is_empty() {
            for problem in problems {
                self.problem(T::KIND, id.clone(), problem.field, problem.reason);
            }
            return Ok(());
        }
        let mut here = self.here::<T>(T::KEY, &key)?;
        if here.is_none()
            && let Some((condition, values)) = item.place()
        {
            if !self.first_time(&format!("{} place", T::KIND), &values.join("/"))? {
                let label = item.label(self.conn);
                self.conflict(BundleConflict {
                    kind: T::KIND.into(),
                    id,
                    label,
                    reason:
                        "is a second line for the same person on the same register in the bundle"
                            .into(),
                    differences: Vec::new(),
                    resolvable: false,
                    resolution: None,
                });
                return Ok(());
            }
            here = self.here::<T>(condition, &values)?;
        }
        match here {
            None => {
                item.insert(self.conn)?;
                *T::counter(&mut self.report.added) += 1;
                if let Some(person) = item.as_person() {
                    self.same_email(person)?;
                    if self.merges.iter().any(|m| m.kept_id == person.id) {
                        self.merge_waiting()?;
                    }
                }
            }
            Some(here) if here == item => *T::counter(&mut self.report.already_present) += 1,
            Some(here) => match item.later_than(&here) {
                Some(true) => {
                    item.replace(self.conn)?;
                    *T::counter(&mut self.report.updated) += 1;
                }
                Some(false) => *T::counter(&mut self.report.already_present) += 1,
                None if merged.is_some() => *T::counter(&mut self.report.already_present) += 1,
                None => self.disagree(here, item, id)?,
            },
        }
        Ok(())
    }

    /// A record here and the bundle's differ: a conflict, settled when the
    /// record keeper chose for this kind and id.
    fn disagree<T: Kind>(&mut self, here: T, item: T, id: String) -> Result<(), RecordsError> {
        let same_key = here.key() == item.key();
        let resolvable = T::CHOOSABLE && same_key;
        let resolution = item
            .id()
            .filter(|_| resolvable)
            .and_then(|id| self.resolutions.get(&id).copied());
        if resolution == Some(Resolution::TakeBundles) {
            item.replace(self.conn)?;
            self.report.replaced += 1;
        }
        let label = here.label(self.conn);
        self.conflict(BundleConflict {
            kind: T::KIND.into(),
            id,
            label,
            reason: if same_key {
                "is already here with different content".into()
            } else {
                "is already on that register under another record".into()
            },
            differences: differences(&here, &item),
            resolvable,
            resolution,
        });
        Ok(())
    }

    /// Notes a new person whose email someone here (not from this bundle)
    /// already has.
    fn same_email(&mut self, person: &Person) -> Result<(), RecordsError> {
        let Some(email) = person.email.as_deref().filter(|e| !e.is_empty()) else {
            return Ok(());
        };
        // The oldest person here with that address, not from this bundle.
        let mut existing = None;
        for here in people::with_email(self.conn, email)? {
            if !self.seen("person", &here.id.to_string())? {
                existing = Some(here.name);
                break;
            }
        }
        if let Some(existing) = existing {
            if self.report.same_email.len() < LIST_LIMIT {
                self.report.same_email.push(SameEmail {
                    email: email.to_string(),
                    incoming: person.name.clone(),
                    existing,
                });
            } else {
                self.report.not_listed += 1;
            }
        }
        Ok(())
    }

    /// Every record that points to a session, person or line of a register
    /// that is neither here nor in the bundle, named with what it points to.
    /// A record it points to that the bundle holds but that was refused is
    /// reported once, as itself.
    fn missing_references(&mut self) -> Result<(), RecordsError> {
        let violations = sql::all(
            self.conn,
            "SELECT \"table\", rowid, fkid FROM pragma_foreign_key_check",
            [],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            },
            "check what the bundle's records point to",
        )?;
        for (table, rowid, fk) in violations {
            let Some((kind, key)) = kind_of_table(&table) else {
                continue;
            };
            let column = sql::one(
                self.conn,
                "SELECT \"from\" FROM pragma_foreign_key_list(?1) WHERE id = ?2",
                params![table, fk],
                |row| row.get::<_, String>(0),
                "check what the bundle's records point to",
            )?
            .unwrap_or_default();
            let reference = references()
                .into_iter()
                .find(|(t, r)| *t == table && r.column == column);
            let Some((_, reference)) = reference else {
                continue;
            };
            let (id, target) = sql::one(
                self.conn,
                &format!("SELECT {key}, {column} FROM {table} WHERE rowid = ?1"),
                [rowid],
                |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
                "check what the bundle's records point to",
            )?
            .unwrap_or_default();
            if self.seen(reference.kind, &target)? {
                continue;
            }
            self.problem(
                kind,
                id,
                &column.replace('_', " "),
                format!(
                    "names {} {target}, which is neither here nor in the bundle",
                    reference.kind
                ),
            );
        }
        Ok(())
    }
}

/// Every kind's references, with its table.
fn references() -> Vec<(&'static str, &'static Reference)> {
    let mut all = Vec::new();
    macro_rules! add {
        ($t:ty,) => {
            for reference in <$t as Kind>::REFERENCES {
                all.push((<$t as Kind>::TABLE, reference));
            }
        };
    }
    for_each_kind!(add!());
    all
}

/// Field by field, where two copies of a record differ, named in words.
fn differences<T: Serialize>(here: &T, bundle: &T) -> Vec<Difference> {
    let (Ok(serde_json::Value::Object(here)), Ok(serde_json::Value::Object(bundle))) =
        (serde_json::to_value(here), serde_json::to_value(bundle))
    else {
        return Vec::new();
    };
    let text = |value: Option<&serde_json::Value>| match value {
        None | Some(serde_json::Value::Null) => "(none)".to_string(),
        Some(serde_json::Value::String(s)) if s.is_empty() => "(empty)".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    here.keys()
        .chain(bundle.keys().filter(|k| !here.contains_key(*k)))
        .filter(|field| here.get(*field) != bundle.get(*field))
        .map(|field| Difference {
            field: words(field),
            here: text(here.get(field)),
            bundle: text(bundle.get(field)),
        })
        .collect()
}

/// `jobRole` → `job role`.
fn words(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_uppercase() {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

impl<'de> de::Visitor<'de> for &mut Import<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Signpost record bundle (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let import = self;
        while let Some(key) = map.next_key::<String>()? {
            macro_rules! records {
                ($t:ty,) => {
                    if key == <$t as Kind>::FIELD {
                        map.next_value_seed(Records::<$t> {
                            import: &mut *import,
                            kind: PhantomData,
                        })?;
                        continue;
                    }
                };
            }
            match key.as_str() {
                "format" => {
                    let format: String = map.next_value()?;
                    if let Err(reason) = check_format(&format) {
                        return Err(import.stop(ExportError::BundleFormat {
                            path: PathBuf::new(),
                            reason,
                        }));
                    }
                    import.format = true;
                }
                "merges" => {
                    let list: Vec<PersonMerge> = map.next_value()?;
                    if let Err(err) = import.merged_elsewhere(&list) {
                        return Err(import.stop(err.into()));
                    }
                }
                "erased" => {
                    let list: Vec<Erased> = map.next_value()?;
                    if let Err(err) = import.erased_elsewhere(&list) {
                        return Err(import.stop(err.into()));
                    }
                }
                "version" => {
                    let version: u64 = map.next_value()?;
                    if let Err(reason) = check_version(version) {
                        return Err(import.stop(ExportError::BundleFormat {
                            path: PathBuf::new(),
                            reason,
                        }));
                    }
                    import.version = true;
                }
                _ => {
                    for_each_kind!(records!());
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// One list of records, taken one at a time as the parser reads them.
struct Records<'a, 'c, T> {
    import: &'a mut Import<'c>,
    kind: PhantomData<T>,
}

impl<'de, T: Kind> DeserializeSeed<'de> for Records<'_, '_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, json: D) -> Result<(), D::Error> {
        json.deserialize_seq(self)
    }
}

impl<'de, T: Kind> de::Visitor<'de> for Records<'_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of {} records", T::KIND)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0u64;
        loop {
            n += 1;
            self.import.reading = Some((T::FIELD, n));
            let Some(item) = seq.next_element::<T>()? else {
                break;
            };
            if let Err(err) = self.import.take(item) {
                return Err(self.import.stop(err.into()));
            }
        }
        self.import.reading = None;
        Ok(())
    }
}
