//! Images from the course folder. The window has no access to files, so an
//! image reaches it as a `data:` URL, read here, only from inside the course
//! folder and only in the formats a browser shows in an `<img>`.

use std::path::{Component, Path};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::load::CourseError;

/// The formats an image may be in, by file extension.
pub const IMAGE_TYPES: &[(&str, &str)] = &[
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("svg", "image/svg+xml"),
];

/// The media type of an image path, from its extension; `None` when the
/// app cannot show it.
pub fn media_type(src: &str) -> Option<&'static str> {
    let extension = Path::new(src).extension()?.to_str()?.to_ascii_lowercase();
    IMAGE_TYPES
        .iter()
        .find(|(ext, _)| *ext == extension)
        .map(|(_, media)| *media)
}

/// True when `src` names a path inside the course folder.
pub fn inside_folder(src: &str) -> bool {
    !src.is_empty()
        && Path::new(src)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// The image `src` (as written in a module) from the course folder `dir`,
/// as a `data:` URL.
pub fn image_data_url(dir: &Path, src: &str) -> Result<String, CourseError> {
    let refuse = |message: String| CourseError::Image {
        src: src.to_string(),
        message,
    };
    if !inside_folder(src) {
        return Err(refuse("it is outside the course folder".into()));
    }
    let media = media_type(src).ok_or_else(|| refuse(unsupported()))?;
    let bytes = std::fs::read(dir.join(src)).map_err(|err| refuse(err.to_string()))?;
    Ok(format!("data:{media};base64,{}", STANDARD.encode(bytes)))
}

/// What to say about an image in a format the app cannot show.
pub(super) fn unsupported() -> String {
    let names: Vec<&str> = IMAGE_TYPES.iter().map(|(ext, _)| *ext).collect();
    format!(
        "it is not an image the app can show; use one of: {}",
        names.join(", ")
    )
}
