//! Reading a file someone named: a roster, a course module or image, a record
//! bundle. Whatever the path points at is checked before it is read, so a
//! FIFO cannot hang the program, `/dev/zero` cannot fill the memory and a
//! file far larger than any real one is refused with its size and the limit,
//! before a byte of it is held. It owns only these checks; what the bytes
//! mean is the caller's business, and so is what the limit is.
//!
//! And the notes that keep a program killed while writing a file from
//! leaving personal data behind: each temporary file being written is noted
//! in the data folder, and the notes left over are cleared (with their
//! files) the next time Signpost starts.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a named file was not read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{path} is {what}, not a file; choose a file")]
    NotAFile { path: PathBuf, what: &'static str },
    #[error(
        "{path} is {}, more than the {} a {kind} may be; nothing was read",
        size_text(*size),
        size_text(*limit)
    )]
    TooLarge {
        path: PathBuf,
        kind: &'static str,
        size: u64,
        limit: u64,
    },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl FileError {
    /// A short stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            FileError::NotAFile { .. } => "not_a_file",
            FileError::TooLarge { .. } => "file_too_large",
            FileError::Io { .. } => "file_error",
        }
    }
}

/// A size in the units a person reads: bytes, KB or MB.
pub fn size_text(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * KB;
    if bytes >= MB {
        let tenths = (bytes * 10).div_ceil(MB);
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    } else if bytes >= KB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        format!("{bytes} bytes")
    }
}

/// What a non-regular file is, in words.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Opens `path` for reading only if it is a regular file (following
/// symbolic links), without blocking on a pipe: the kind is checked before
/// opening, and again on the opened file. Returns the file and its size.
pub fn open_regular(path: &Path) -> Result<(File, u64), FileError> {
    let io = |source| FileError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(FileError::NotAFile {
            path: path.to_path_buf(),
            what: kind_of(&meta),
        });
    }
    let file = File::open(path).map_err(io)?;
    // Between the two looks the path may have been swapped; the open file is
    // what counts.
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(FileError::NotAFile {
            path: path.to_path_buf(),
            what: kind_of(&meta),
        });
    }
    Ok((file, meta.len()))
}

/// Reads a whole regular file of at most `limit` bytes. `kind` names what
/// it is for in the message ("roster", "module"). A file that grows while
/// it is read is still cut off just past the limit and refused.
pub fn read_capped(path: &Path, kind: &'static str, limit: u64) -> Result<Vec<u8>, FileError> {
    let too_large = |size| FileError::TooLarge {
        path: path.to_path_buf(),
        kind,
        size,
        limit,
    };
    let (file, size) = open_regular(path)?;
    if size > limit {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| FileError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The folder in the data folder where writes under way note their
/// temporary files.
const PENDING_DIR: &str = "pending-writes";

/// A note that a temporary file is being written; the note goes when this
/// is dropped, whether the write finished or failed.
pub struct Pending(Option<PathBuf>);

impl Pending {
    /// Notes `temp` in `data_dir`. A note that cannot be written does not
    /// stop the write; its file is then only cleaned up as it always was.
    pub fn note(data_dir: &Path, temp: &Path) -> Pending {
        let dir = data_dir.join(PENDING_DIR);
        let note = dir.join(format!("{}.txt", uuid::Uuid::new_v4()));
        let written = temp
            .to_str()
            .map(|text| std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&note, text)));
        Pending(matches!(written, Some(Ok(()))).then_some(note))
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(note) = &self.0 {
            let _ = std::fs::remove_file(note);
        }
    }
}

/// Removes the temporary files that writes killed part-way left behind (only
/// files named `*.partial`, as Signpost names them), and their notes;
/// returns the files removed.
pub fn remove_abandoned_writes(data_dir: &Path) -> Vec<PathBuf> {
    let Ok(notes) = std::fs::read_dir(data_dir.join(PENDING_DIR)) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for note in notes.flatten().map(|entry| entry.path()) {
        if let Ok(text) = std::fs::read_to_string(&note) {
            let temp = PathBuf::from(text);
            let ours = temp.extension().is_some_and(|e| e == "partial");
            if ours && std::fs::remove_file(&temp).is_ok() {
                removed.push(temp);
            }
        }
        let _ = std::fs::remove_file(&note);
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_the_units_a_person_uses() {
        assert_eq!(size_text(512), "512 bytes");
        assert_eq!(size_text(1024), "1 KB");
        assert_eq!(size_text(32 * 1024 * 1024), "32 MB");
        assert_eq!(size_text(300 * 1024 * 1024 + 1), "300.1 MB");
    }

    #[test]
    fn a_folder_is_refused_as_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_capped(dir.path(), "roster", 10).unwrap_err();
        assert!(
            matches!(
                err,
                FileError::NotAFile {
                    what: "a folder",
                    ..
                }
            ),
            "{err}"
        );
    }
}
