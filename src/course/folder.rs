//! The course folder as a boundary: a module or an image is read only when
//! the file it finally is, after every symbolic link is followed, lies
//! inside the folder, is a regular file and is no larger than a real one
//! could be. A link from the course to a file elsewhere (a key, another
//! person's documents) is refused, as is a pipe or a device that would hang
//! or flood the loader. What the files hold is checked elsewhere.

use std::path::{Path, PathBuf};

use crate::files::{self, FileError};

/// The largest module file read, in bytes; a real one is some 20 KB.
pub const MAX_MODULE_BYTES: u64 = 2 * 1024 * 1024;

/// The largest image file read, in bytes.
pub const MAX_IMAGE_BYTES: u64 = 10 * 1024 * 1024;

/// Where `relative` (as written in course.toml or a module) really is,
/// after following links, when that is inside `dir`; otherwise why not, in
/// words that read after the file's name.
pub(super) fn resolve(dir: &Path, relative: &str) -> Result<PathBuf, String> {
    let root = dir
        .canonicalize()
        .map_err(|err| format!("cannot be found: the course folder cannot be read ({err})"))?;
    let path = dir
        .join(relative)
        .canonicalize()
        .map_err(|err| format!("cannot be read ({err})"))?;
    if !path.starts_with(&root) {
        return Err(
            "is a link to a file outside the course folder; copy the file into the folder instead"
                .into(),
        );
    }
    Ok(path)
}

/// Reads `relative` from inside `dir` (see [`resolve`]), at most `limit`
/// bytes; `kind` names it in a message ("module", "course image").
pub(super) fn read(
    dir: &Path,
    relative: &str,
    kind: &'static str,
    limit: u64,
) -> Result<Vec<u8>, String> {
    let path = resolve(dir, relative)?;
    files::read_capped(&path, kind, limit).map_err(|err| match err {
        FileError::NotAFile { what, .. } => format!("is {what}, not a file"),
        FileError::TooLarge { size, limit, .. } => format!(
            "is {}, more than the {} a {kind} may be",
            files::size_text(size),
            files::size_text(limit)
        ),
        FileError::Io { source, .. } => format!("cannot be read ({source})"),
    })
}

/// The first `n` bytes of `relative` inside `dir`, after the same checks as
/// [`read`] (the size is judged on the whole file).
pub(super) fn head(
    dir: &Path,
    relative: &str,
    kind: &'static str,
    limit: u64,
    n: u64,
) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let path = resolve(dir, relative)?;
    let (file, size) = files::open_regular(&path).map_err(|err| match err {
        FileError::NotAFile { what, .. } => format!("is {what}, not a file"),
        other => other.to_string(),
    })?;
    if size > limit {
        return Err(format!(
            "is {}, more than the {} a {kind} may be",
            files::size_text(size),
            files::size_text(limit)
        ));
    }
    let mut bytes = Vec::new();
    file.take(n)
        .read_to_end(&mut bytes)
        .map_err(|err| format!("cannot be read ({err})"))?;
    Ok(bytes)
}
