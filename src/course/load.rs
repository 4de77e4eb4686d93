//! Loading a course folder: `course.toml`, then each listed module's front
//! matter and body. Problems inside a module are collected, never thrown, so
//! one broken module cannot stop the rest of the course from loading. Only a
//! folder or `course.toml` that cannot be read at all is a [`CourseError`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::markdown;
use super::model::*;
use super::placeholders::Placeholders;
use super::sections;

/// Failures that leave no course to show.
#[derive(Debug, thiserror::Error)]
pub enum CourseError {
    #[error("the course folder {path} cannot be read: {source}")]
    FolderUnreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} cannot be read: {source}")]
    ManifestUnreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    ManifestInvalid {
        path: PathBuf,
        line: u32,
        message: String,
    },
}

impl CourseError {
    /// A short stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            CourseError::FolderUnreadable { .. } => "course_folder_unreadable",
            CourseError::ManifestUnreadable { .. } => "course_manifest_unreadable",
            CourseError::ManifestInvalid { .. } => "course_manifest_invalid",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    title: String,
    version: String,
    #[serde(default = "default_pass_mark")]
    pass_mark: u8,
    modules: Vec<String>,
    organisation: Organisation,
    #[serde(default)]
    contacts: Vec<Contact>,
}

fn default_pass_mark() -> u8 {
    80
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: String,
    minutes: u32,
    #[serde(default)]
    objectives: Vec<String>,
    questions_per_attempt: Option<u32>,
}

/// Organisation details that replace course.toml's defaults (from the app's
/// settings), so that one course serves any area.
#[derive(Debug, Clone, Default)]
pub struct Localisation {
    pub organisation: Option<Organisation>,
    pub contacts: Option<Vec<Contact>>,
}

/// Loads the course in `dir` with course.toml's own organisation details.
pub fn load(dir: &Path) -> Result<Course, CourseError> {
    load_with(dir, &Localisation::default())
}

/// Loads the course in `dir`, filling placeholders from `local` where given.
pub fn load_with(dir: &Path, local: &Localisation) -> Result<Course, CourseError> {
    let listing = std::fs::read_dir(dir).map_err(|source| CourseError::FolderUnreadable {
        path: dir.to_path_buf(),
        source,
    })?;
    let manifest_path = dir.join("course.toml");
    let text = std::fs::read_to_string(&manifest_path).map_err(|source| {
        CourseError::ManifestUnreadable {
            path: manifest_path.clone(),
            source,
        }
    })?;
    let manifest: Manifest = toml::from_str(&text).map_err(|err| CourseError::ManifestInvalid {
        line: err
            .span()
            .map(|span| line_of(&text, span.start))
            .unwrap_or(0),
        message: err.message().to_string(),
        path: manifest_path.clone(),
    })?;
    if manifest.title.trim().is_empty() {
        return Err(CourseError::ManifestInvalid {
            path: manifest_path,
            line: 1,
            message: "the course title is empty; give `title` a value".into(),
        });
    }

    let mut course = Course {
        title: manifest.title,
        version: manifest.version,
        pass_mark: manifest.pass_mark,
        organisation: local.organisation.clone().unwrap_or(manifest.organisation),
        contacts: local.contacts.clone().unwrap_or(manifest.contacts),
        modules: Vec::new(),
        broken: Vec::new(),
        problems: Vec::new(),
    };
    let placeholders = Placeholders::new(&course.organisation, &course.contacts);
    let mut seen_ids: HashMap<String, String> = HashMap::new();
    let mut listed: HashSet<String> = HashSet::new();
    for stem in &manifest.modules {
        let file = format!("{stem}.md");
        if !listed.insert(file.clone()) {
            course.problems.push(problem(
                Severity::Error,
                "course.toml",
                line_of(&text, text.find(&format!("\"{stem}\"")).unwrap_or(0)),
                format!("`{stem}` is listed twice in `modules`; remove one"),
            ));
            continue;
        }
        let mut problems = Vec::new();
        let module = load_module(dir, &file, &placeholders, &mut problems);
        if let Some(module) = &module {
            if let Some(first) = seen_ids.get(&module.id) {
                problems.push(problem(
                    Severity::Error,
                    &file,
                    2,
                    format!("the module id `{}` is already used by {first}; give this module its own id", module.id),
                ));
            } else {
                seen_ids.insert(module.id.clone(), file.clone());
            }
        }
        let failed = problems.iter().any(|p| p.severity == Severity::Error);
        match module {
            Some(module) if !failed => course.modules.push(module),
            module => course.broken.push(BrokenModule {
                file: file.clone(),
                title: module.map(|m| m.title),
                problems: problems.clone(),
            }),
        }
        course.problems.extend(problems);
    }
    let mut unlisted: Vec<String> = listing
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".md") && !NOT_MODULES.contains(&name.as_str()))
        .filter(|name| !listed.contains(name))
        .collect();
    unlisted.sort();
    for name in unlisted {
        course.problems.push(problem(
            Severity::Warning,
            &name,
            0,
            "this file is not listed in course.toml's `modules`, so it is not part of the course; list it or remove it".into(),
        ));
    }
    Ok(course)
}

/// Markdown files in the course folder that are documentation, not modules.
const NOT_MODULES: &[&str] = &["README.md", "SOURCES.md"];

fn problem(severity: Severity, file: &str, line: u32, message: String) -> Problem {
    Problem {
        severity,
        file: file.to_string(),
        line,
        message,
    }
}

fn load_module(
    dir: &Path,
    file: &str,
    placeholders: &Placeholders,
    problems: &mut Vec<Problem>,
) -> Option<Module> {
    let mut error =
        |line: u32, message: String| problems.push(problem(Severity::Error, file, line, message));
    let text = match std::fs::read_to_string(dir.join(file)) {
        Ok(text) => text.replace("\r\n", "\n"),
        Err(err) => {
            error(
                0,
                format!(
                    "listed in course.toml but cannot be read ({err}); add the file or remove it from `modules`"
                ),
            );
            return None;
        }
    };
    let Some(rest) = text.strip_prefix("+++\n") else {
        error(
            1,
            "a module must start with front matter between `+++` lines".into(),
        );
        return None;
    };
    let Some(end) = rest.find("\n+++") else {
        error(1, "the front matter has no closing `+++` line".into());
        return None;
    };
    let front_text = &rest[..end + 1];
    let front: FrontMatter = match toml::from_str(front_text) {
        Ok(front) => front,
        Err(err) => {
            let line = err
                .span()
                .map(|s| line_of(front_text, s.start) + 1)
                .unwrap_or(1);
            error(line, format!("front matter: {}", err.message().trim()));
            return None;
        }
    };
    if front.title.trim().is_empty() {
        error(
            line_of(front_text, front_text.find("title").unwrap_or(0)) + 1,
            "the module title is empty; give `title` a value".into(),
        );
    }
    // The body starts on the line after the closing `+++`.
    let after_fence = end + "\n+++".len();
    let body_start = rest[after_fence..]
        .find('\n')
        .map_or(rest.len(), |i| after_fence + i + 1);
    let body = &rest[body_start..];
    let first_line = line_of(&text, "+++\n".len() + body_start);
    let parsed = markdown::parse(body, first_line, placeholders);
    for (line, message) in parsed.issues {
        error(line, message);
    }
    for image in &parsed.images {
        if image.alt.trim().is_empty() {
            error(
                image.line,
                format!(
                    "the image `{}` has no alt text; describe it inside `![...]`",
                    image.src
                ),
            );
        }
        let path = Path::new(&image.src);
        let inside = path.is_relative()
            && path
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside || !dir.join(path).is_file() {
            error(
                image.line,
                format!(
                    "the image `{}` is not in the course folder; put it in assets/ and write its path as `assets/name.png`",
                    image.src
                ),
            );
        }
    }
    let sections = sections::read(&front.id, parsed.items);
    for (line, message) in sections.errors {
        error(line, message);
    }
    for (line, message) in sections.warnings {
        problems.push(problem(Severity::Warning, file, line, message));
    }
    let pool = sections.questions.len() as u32;
    let per_attempt = front.questions_per_attempt.unwrap_or(pool);
    if per_attempt > pool {
        problems.push(problem(Severity::Error, file, line_of(front_text, front_text.find("questions_per_attempt").unwrap_or(0)) + 1, format!("questions_per_attempt is {per_attempt} but the module has only {pool} questions; lower it or add questions")));
    }
    Some(Module {
        id: front.id,
        file: file.to_string(),
        title: front.title,
        minutes: front.minutes,
        objectives: front.objectives,
        questions_per_attempt: per_attempt,
        slides: sections.slides,
        questions: sections.questions,
    })
}

/// 1-based line number of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> u32 {
    let before = &text[..offset.min(text.len())];
    before.bytes().filter(|&b| b == b'\n').count() as u32 + 1
}
