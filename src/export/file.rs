//! Writing an export file whole or not at all: the content goes to a
//! temporary file beside the destination, which is renamed over it only once
//! complete, so a failed export never leaves half a file where the last good
//! one was. It knows nothing about formats.

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

/// Calls `fill` with a buffered writer on a temporary file, then moves the
/// file into place.
pub(crate) fn write_whole<F>(dest: &Path, fill: F) -> Result<(), ExportError>
where
    F: FnOnce(&mut BufWriter<File>) -> Result<(), ExportError>,
{
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io("cannot create the folder", parent))?;
    }
    let temp = temp_path(dest);
    let file = File::create(&temp).map_err(io("cannot create", &temp))?;
    let mut out = BufWriter::new(file);
    let result = fill(&mut out).and_then(|()| {
        out.flush().map_err(io("cannot write", &temp))?;
        out.get_ref().sync_all().map_err(io("cannot write", &temp))
    });
    if let Err(err) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(err);
    }
    std::fs::rename(&temp, dest).map_err(io("cannot move the export to", dest))
}
