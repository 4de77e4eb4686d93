//! Where Signpost keeps its files on this computer. The desktop app and the
//! command line resolve the same folder, so records written by one are seen by
//! the other. This module only computes paths; it never creates anything.

use std::path::PathBuf;

/// The application identifier, shared with `src-tauri/tauri.conf.json`.
pub const APP_ID: &str = "uk.signpost.training";

/// Environment variable that points Signpost at another data folder.
pub const DATA_DIR_ENV: &str = "SIGNPOST_DATA_DIR";

/// File name of the records database inside the data folder.
pub const DATABASE_FILE: &str = "signpost.sqlite3";

/// The per-user data folder: `$SIGNPOST_DATA_DIR` when set, otherwise the
/// operating system's app data folder (`~/.local/share/uk.signpost.training`
/// on Linux, `%APPDATA%\uk.signpost.training` on Windows,
/// `~/Library/Application Support/uk.signpost.training` on macOS).
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::data_dir().map(|dir| dir.join(APP_ID)),
    }
}

/// Where exports are suggested by default: the person's Documents folder,
/// else their home folder. They can always type another path.
pub fn documents_dir() -> Option<PathBuf> {
    dirs::document_dir().or_else(dirs::home_dir)
}
