//! Getting records out of Signpost and into it: attendance as CSV, Excel and
//! xAPI statements, record bundles for merging installs, and roster CSVs from
//! other systems. An export never changes data (its one audit-log line is
//! written after the file, in its own transaction); an import is one
//! transaction, and a failed one changes nothing.
