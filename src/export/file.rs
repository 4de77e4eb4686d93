//! Writing an export file whole or not at all: the content goes to a
//! temporary file beside the destination, which is renamed over it only once
//! complete, so a failed export never leaves half a file where the last good
//! one was, and the temporary file (personal data) is removed whatever went
//! wrong. The destination must be a full path into a folder that exists and
//! end in the format's extension: the person chose it in a save dialog, and
//! an export never guesses a folder or makes one. It knows nothing about
//! formats beyond their extension.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::ExportError;

fn temp_path(dest: &Path) -> PathBuf {
    let mut name = dest
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".partial");
    dest.with_file_name(name)
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> ExportError {
    let path = path.to_path_buf();
    move |source| ExportError::File {
        action,
        path,
        source,
    }
}

/// Refuses a destination that is relative, in a folder that does not exist,
/// a folder itself, or named for another format than `extension`.
pub(crate) fn check_destination(dest: &Path, extension: &str) -> Result<(), ExportError> {
    let refuse = |reason: String| ExportError::Destination {
        path: dest.to_path_buf(),
        reason,
    };
    if !dest.is_absolute() {
        return Err(refuse("is not a full path; choose where to save it".into()));
    }
    let named = dest
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if !named {
        return Err(refuse(format!(
            "does not end in .{extension}, the kind of file being written"
        )));
    }
    if dest.is_dir() {
        return Err(refuse("is a folder; choose a file name inside it".into()));
    }
    match dest.parent() {
        Some(parent) if parent.is_dir() => Ok(()),
        _ => Err(refuse("is in a folder that does not exist".into())),
    }
}

/// Checks the destination, calls `fill` with a buffered writer on a
/// temporary file, then moves the file into place. The temporary file is
/// noted in `data_dir` while it exists ([`crate::files::Pending`]).
pub(crate) fn write_whole<F>(
    data_dir: &Path,
    dest: &Path,
    extension: &str,
    fill: F,
) -> Result<(), ExportError>
where
    F: FnOnce(&mut BufWriter<File>) -> Result<(), ExportError>,
{
    check_destination(dest, extension)?;
    let temp = temp_path(dest);
    let _pending = crate::files::Pending::note(data_dir, &temp);
    let file = File::create(&temp).map_err(io("cannot create", &temp))?;
    let mut out = BufWriter::new(file);
    let result = fill(&mut out)
        .and_then(|()| {
            out.flush().map_err(io("cannot write", &temp))?;
            out.get_ref().sync_all().map_err(io("cannot write", &temp))
        })
        .and_then(|()| std::fs::rename(&temp, dest).map_err(io("cannot move the export to", dest)));
    if result.is_err() {
        drop(out);
        let _ = std::fs::remove_file(&temp);
    }
    result
}
