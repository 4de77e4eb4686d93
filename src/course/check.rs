//! Checks that look beyond one module's text: the course folder (image files,
//! files nobody listed) and the other modules (ids, listings). Each returns
//! problems rather than failing, so the loader can keep going. Rules about a
//! module's own slides and questions live in `sections.rs`.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path};

use super::images;
use super::markdown::{ImageRef, Issue};
use super::model::{Problem, Severity};

/// Markdown files in the course folder that are documentation, not modules.
const NOT_MODULES: &[&str] = &["README.md", "SOURCES.md"];

pub(super) fn problem(severity: Severity, file: &str, line: u32, message: String) -> Problem {
    Problem {
        severity,
        file: file.to_string(),
        line,
        message,
    }
}

/// The module files course.toml lists, in order, each once. A stem listed
/// again, or one that is not a plain file name, is reported against
/// course.toml and skipped.
pub(super) fn listed_files(
    manifest: &str,
    stems: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut files = Vec::new();
    for (index, stem) in stems.iter().enumerate() {
        let line = stem_line(manifest, stem, stems[..index].contains(stem));
        let plain = !stem.is_empty()
            && !stem.ends_with(".md")
            && Path::new(stem)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
            && !stem.contains(['/', '\\']);
        if !plain {
            problems.push(problem(
                Severity::Error,
                "course.toml",
                line,
                format!(
                    "`{stem}` in `modules` must be a file name without `.md` or folders, like `01-welcome` for modules/01-welcome.md"
                ),
            ));
        } else if !seen.insert(stem.as_str()) {
            problems.push(problem(
                Severity::Error,
                "course.toml",
                line,
                format!("`{stem}` is listed twice in `modules`; remove the second one"),
            ));
        } else {
            files.push(format!("{stem}.md"));
        }
    }
    files
}

/// The line of a stem in course.toml: its first mention, or its last when
/// it is a repeat.
fn stem_line(manifest: &str, stem: &str, repeat: bool) -> u32 {
    let quoted = format!("\"{stem}\"");
    let found = if repeat {
        manifest.rfind(&quoted)
    } else {
        manifest.find(&quoted)
    };
    found.map_or(0, |at| line_of(manifest, at))
}

/// Remembers module ids in course order; a second module with the same id
/// gets the problem, so the first keeps working.
#[derive(Default)]
pub(super) struct Ids(HashMap<String, String>);

impl Ids {
    pub fn claim(&mut self, id: &str, file: &str, line: u32) -> Option<Problem> {
        match self.0.get(id) {
            Some(first) => Some(problem(
                Severity::Error,
                file,
                line,
                format!(
                    "the module id `{id}` is already used by {first}; give this module its own id"
                ),
            )),
            None => {
                self.0.insert(id.to_string(), file.to_string());
                None
            }
        }
    }
}

/// Every image must have alt text and be a file inside the course folder:
/// the app is offline, and a path out of the folder would not ship with it.
pub(super) fn images(dir: &Path, images: &[ImageRef]) -> Vec<Issue> {
    let mut issues = Vec::new();
    for image in images {
        if image.alt.trim().is_empty() {
            issues.push((
                image.line,
                format!(
                    "the image `{}` has no alt text; describe it inside `![...]` for people who cannot see it",
                    image.src
                ),
            ));
        }
        if !images::inside_folder(&image.src) {
            issues.push((
                image.line,
                format!(
                    "the image `{}` is outside the course folder; copy it into assets/ and write `assets/name.png`",
                    image.src
                ),
            ));
        } else if images::media_type(&image.src).is_none() {
            issues.push((
                image.line,
                format!(
                    "the image `{}` cannot be shown: {}",
                    image.src,
                    images::unsupported()
                ),
            ));
        } else if !dir.join(&image.src).exists() {
            issues.push((
                image.line,
                format!(
                    "the image file `{}` is not in the course folder; add it or correct the path (relative to the folder holding course.toml)",
                    image.src
                ),
            ));
        } else if let Err(why) = images::check_file(dir, &image.src) {
            issues.push((image.line, format!("the image `{}` {why}", image.src)));
        }
    }
    issues
}

/// Markdown files in the folder that course.toml does not list: probably a
/// module someone forgot to add, so a warning rather than silence.
pub(super) fn unlisted(dir: &Path, listed: &[String]) -> Vec<Problem> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".md") && !NOT_MODULES.contains(&name.as_str()))
        .filter(|name| !listed.contains(name))
        .filter(|name| dir.join(name).is_file())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            problem(
                Severity::Warning,
                &name,
                0,
                "this file is not listed in course.toml's `modules`, so it is not part of the course; list it or remove it".into(),
            )
        })
        .collect()
}

/// 1-based line number of byte `offset` in `text`.
pub(super) fn line_of(text: &str, offset: usize) -> u32 {
    let before = &text[..offset.min(text.len())];
    before.bytes().filter(|&b| b == b'\n').count() as u32 + 1
}
