//! Declares every app command to Tauri's capability system: a command not
//! listed here cannot be granted, and one not granted in `capabilities/`
//! cannot be called from a window.

const COMMANDS: &[&str] = &["get_course", "get_database"];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration is valid");
}
