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

/// The largest logo kept in the settings, in bytes.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

/// A logo kept in the settings, as the `data:` URL stored there: checked to
/// be base64 image data in a format the app shows (judged by its bytes, not
/// its label) and no larger than [`MAX_LOGO_BYTES`], and returned labelled
/// with its true media type. The error reads after "The logo".
pub fn logo_data_url(url: &str) -> Result<String, String> {
    let data = url
        .strip_prefix("data:")
        .and_then(|rest| rest.split_once(";base64,"))
        .map(|(_, data)| data)
        .ok_or("was not read as an image file; choose the file again")?;
    let bytes = STANDARD
        .decode(data.trim())
        .map_err(|_| "could not be read; choose the file again")?;
    logo_bytes(bytes)
}

/// The logo file a person chose in the open dialog, as a `data:` URL, with
/// the same checks; its size is checked before it is read, so choosing a
/// huge file by mistake costs nothing. The error reads after "The logo".
pub fn logo_file_data_url(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|err| format!("could not be read: {err}"))?;
    if !meta.is_file() {
        return Err("is not a file; choose an image file".into());
    }
    if meta.len() > MAX_LOGO_BYTES as u64 {
        return Err(too_big(meta.len()));
    }
    logo_bytes(std::fs::read(path).map_err(|err| format!("could not be read: {err}"))?)
}

fn too_big(bytes: u64) -> String {
    format!(
        "is {} KB; use an image of at most {} KB",
        bytes.div_ceil(1024),
        MAX_LOGO_BYTES / 1024
    )
}

fn logo_bytes(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let media = sniff(&bytes).ok_or_else(not_shown)?;
    Ok(format!("data:{media};base64,{}", STANDARD.encode(bytes)))
}

/// The media type of image `bytes`, from their first bytes.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let starts = |signature: &[u8]| bytes.starts_with(signature);
    let svg = || {
        String::from_utf8_lossy(&bytes[..bytes.len().min(1024)])
            .to_lowercase()
            .contains("<svg")
    };
    if starts(b"\x89PNG") {
        Some("image/png")
    } else if starts(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else if starts(b"GIF8") {
        Some("image/gif")
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some("image/webp")
    } else if svg() {
        Some("image/svg+xml")
    } else {
        None
    }
}

/// What to say about an image in a format the app cannot show.
pub(super) fn unsupported() -> String {
    format!("it {}", not_shown())
}

fn not_shown() -> String {
    let names: Vec<&str> = IMAGE_TYPES.iter().map(|(ext, _)| *ext).collect();
    format!(
        "is not an image the app can show; use one of: {}",
        names.join(", ")
    )
}
