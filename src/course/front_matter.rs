//! A module file's front matter: finding the `+++` fences, reading the TOML
//! between them and checking each setting, with the file line of each
//! problem. It does not look at the body (that is `markdown.rs` and
//! `sections.rs`) nor at other modules (duplicate ids are `check.rs`).

use serde::Deserialize;

use super::markdown::Issue;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FrontMatter {
    pub id: String,
    pub title: String,
    pub minutes: u32,
    #[serde(default)]
    pub objectives: Vec<String>,
    pub questions_per_attempt: Option<u32>,
}

/// A module file cut into its front matter and body.
pub(super) struct Split<'a> {
    /// The TOML between the fences; its first line is line 2 of the file.
    pub front: &'a str,
    pub body: &'a str,
    /// The file line the body starts on.
    pub body_line: u32,
}

/// Finds the `+++` fences. The file must open with one; the first line that
/// holds only `+++` after it closes the front matter.
pub(super) fn split(text: &str) -> Result<Split<'_>, Issue> {
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim) != Some("+++") {
        return Err((
            1,
            "a module must start with front matter: a `+++` line, the settings (id, title, minutes), then another `+++` line"
                .into(),
        ));
    }
    let front_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = front_start;
    let mut line = 1;
    for fence in lines {
        line += 1;
        if fence.trim_end() == "+++" {
            return Ok(Split {
                front: &text[front_start..offset],
                body: &text[offset + fence.len()..],
                body_line: line + 1,
            });
        }
        offset += fence.len();
    }
    Err((
        1,
        "the front matter has no closing `+++` line; add one after the last setting".into(),
    ))
}

/// Reads and checks the settings. `None` when the TOML itself is unreadable;
/// otherwise the settings, with any problems with their values in `issues`.
pub(super) fn read(front: &str, issues: &mut Vec<Issue>) -> Option<FrontMatter> {
    let settings: FrontMatter = match toml::from_str(front) {
        Ok(settings) => settings,
        Err(err) => {
            let line = err.span().map_or(2, |s| line_in(front, s.start));
            issues.push((
                line,
                format!(
                    "front matter: {}; fix the TOML between the `+++` lines",
                    err.message().trim()
                ),
            ));
            return None;
        }
    };
    let mut problem = |key: &str, message: String| issues.push((key_line(front, key), message));
    if settings.title.trim().is_empty() {
        problem(
            "title",
            "the module title is empty; give `title` a value".into(),
        );
    }
    if !is_kebab(&settings.id) {
        problem(
            "id",
            format!(
                "the module id `{}` must be lowercase words joined by hyphens, like `spotting-the-signs`",
                settings.id
            ),
        );
    }
    if settings.minutes == 0 {
        problem(
            "minutes",
            "`minutes` must be more than 0: how long the module takes, in whole minutes".into(),
        );
    }
    if settings.questions_per_attempt == Some(0) {
        problem(
            "questions_per_attempt",
            "`questions_per_attempt` must be at least 1; remove it to ask every question".into(),
        );
    }
    Some(settings)
}

/// The file line of a `key = ...` setting, or of the opening fence when the
/// key is not written (so a problem still points into the front matter).
pub(super) fn key_line(front: &str, key: &str) -> u32 {
    front
        .lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i as u32 + 2)
}

/// File line of byte `offset` of the front matter, which starts on line 2.
fn line_in(front: &str, offset: usize) -> u32 {
    let before = &front[..offset.min(front.len())];
    before.bytes().filter(|&b| b == b'\n').count() as u32 + 2
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
