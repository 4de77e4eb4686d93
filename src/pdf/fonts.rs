//! The fonts documents are set in. Noto Sans (regular, bold, italic, bold
//! italic) with Noto Sans Arabic, Hebrew and Devanagari are compiled into the
//! program under the SIL Open Font License (`fonts/OFL.txt`), so every
//! document looks the same on every computer. Characters none of them has
//! (Chinese, Japanese, Korean…) are looked for among the fonts installed on
//! the machine; a character no font can draw is reported, never printed as
//! an empty box. This file only finds fonts; shaping and placing text is
//! `layout.rs`, embedding (and subsetting) them is printpdf's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use skrifa::raw::{FileRef, TableProvider};
use skrifa::{FontRef, MetadataProvider, Tag};

/// A font file compiled into the program.
pub(crate) struct Bundled {
    pub bytes: &'static [u8],
}

/// The bundled fonts, in the order they are tried for each character.
pub(crate) const BUNDLED: &[Bundled] = &[
    Bundled {
        bytes: include_bytes!("fonts/NotoSans-Regular.ttf"),
    },
    Bundled {
        bytes: include_bytes!("fonts/NotoSans-Bold.ttf"),
    },
    Bundled {
        bytes: include_bytes!("fonts/NotoSans-Italic.ttf"),
    },
    Bundled {
        bytes: include_bytes!("fonts/NotoSans-BoldItalic.ttf"),
    },
    Bundled {
        bytes: include_bytes!("fonts/NotoSansArabic-Regular.ttf"),
    },
    Bundled {
        bytes: include_bytes!("fonts/NotoSansArabic-Bold.ttf"),
    },
    Bundled {
        bytes: include_bytes!("fonts/NotoSansHebrew-Regular.ttf"),
    },
    Bundled {
        bytes: include_bytes!("fonts/NotoSansHebrew-Bold.ttf"),
    },
    Bundled {
        bytes: include_bytes!("fonts/NotoSansDevanagari-Regular.ttf"),
    },
    Bundled {
        bytes: include_bytes!("fonts/NotoSansDevanagari-Bold.ttf"),
    },
];

/// The family names of the bundled fonts, in fallback order.
pub(crate) const BUNDLED_FAMILIES: &[&str] = &[
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
];

/// Characters that take no glyph of their own: joiners, direction marks,
/// variation selectors. A font need not have them.
pub(crate) fn needs_no_glyph(ch: char) -> bool {
    ch.is_whitespace()
        || ch.is_control()
        || matches!(ch as u32,
            0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F
            | 0xFEFF | 0xE0100..=0xE01EF | 0x00AD)
}

/// Whether the font at `index` in `data` has an outline for `ch`. Fonts
/// whose glyphs are only bitmaps (colour emoji) do not count: a PDF cannot
/// show them.
fn covers(data: &[u8], index: u32, ch: char) -> bool {
    let Ok(font) = FontRef::from_index(data, index) else {
        return false;
    };
    let has_outlines = [b"glyf", b"CFF ", b"CFF2"]
        .iter()
        .any(|tag| font.data_for_tag(Tag::new(tag)).is_some());
    has_outlines && font.charmap().map(ch).is_some_and(|g| g.to_u32() != 0)
}

/// Whether a bundled font has `ch`.
pub(crate) fn bundled_covers(ch: char) -> bool {
    BUNDLED.iter().any(|font| covers(font.bytes, 0, ch))
}

/// A font file found on this machine.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct SystemFont {
    pub path: PathBuf,
    pub index: u32,
}

/// The folders fonts are installed in, on each system.
fn font_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
        PathBuf::from("/Library/Fonts"),
        PathBuf::from("/System/Library/Fonts"),
    ];
    if let Some(windir) = std::env::var_os("WINDIR") {
        dirs.push(PathBuf::from(windir).join("Fonts"));
    }
    if let Some(home) = dirs::home_dir() {
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    if let Some(local) = dirs::data_local_dir() {
        dirs.push(local.join("Microsoft/Windows/Fonts"));
    }
    dirs
}

fn collect_files(dir: &Path, depth: u32, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if depth < 4 {
                collect_files(&path, depth + 1, out);
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc"))
        {
            out.push(path);
        }
    }
}

/// Installed font files, sans-serif CJK faces first (they are what the
/// bundled fonts lack most often), then by path so the choice is the same
/// on every run.
fn installed_files() -> &'static [PathBuf] {
    static FILES: OnceLock<Vec<PathBuf>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut files = Vec::new();
        for dir in font_dirs() {
            collect_files(&dir, 0, &mut files);
        }
        let rank = |p: &Path| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let sans = name.contains("Sans") && !name.contains("Mono");
            let cjk = name.contains("CJK");
            let bold = name.contains("Bold");
            (!(cjk && sans), !sans, bold)
        };
        files.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
        files
    })
}

/// File contents read while looking for fallbacks, kept so that each file
/// is read once per run however many documents are made.
fn read_cached(path: &Path) -> Option<Arc<Vec<u8>>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Arc<Vec<u8>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Ok(map) = cache.lock()
        && let Some(bytes) = map.get(path)
    {
        return Some(bytes.clone());
    }
    let bytes = Arc::new(std::fs::read(path).ok()?);
    if let Ok(mut map) = cache.lock() {
        map.insert(path.to_path_buf(), bytes.clone());
    }
    Some(bytes)
}

/// The bytes of an installed font file.
pub(crate) fn system_bytes(font: &SystemFont) -> Option<Arc<Vec<u8>>> {
    read_cached(&font.path)
}

/// An installed font that has `ch`, if any; remembered per character.
pub(crate) fn fallback_for(ch: char) -> Option<SystemFont> {
    static FOUND: OnceLock<Mutex<HashMap<char, Option<SystemFont>>>> = OnceLock::new();
    let found = FOUND.get_or_init(Default::default);
    if let Ok(map) = found.lock()
        && let Some(answer) = map.get(&ch)
    {
        return answer.clone();
    }
    let answer = search(ch);
    if let Ok(mut map) = found.lock() {
        map.insert(ch, answer.clone());
    }
    answer
}

fn search(ch: char) -> Option<SystemFont> {
    for path in installed_files() {
        // Very large files are colour emoji or whole-Unicode bitmaps, never
        // the outline fonts wanted here.
        if std::fs::metadata(path).is_ok_and(|m| m.len() > 64 * 1024 * 1024) {
            continue;
        }
        let Some(bytes) = read_cached(path) else {
            continue;
        };
        let count = match FileRef::new(&bytes) {
            Ok(FileRef::Font(_)) => 1,
            Ok(FileRef::Collection(c)) => c.len(),
            Err(_) => 0,
        };
        for index in 0..count {
            if covers(&bytes, index, ch) {
                return Some(SystemFont {
                    path: path.clone(),
                    index,
                });
            }
        }
    }
    None
}
