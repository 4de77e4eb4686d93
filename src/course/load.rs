//! Loading a course folder: `course.toml`, then each listed module's front
//! matter and body. Problems inside a module are collected, never thrown, so
//! one broken module cannot stop the rest of the course from loading. Only a
//! folder or `course.toml` that cannot be read at all is a [`CourseError`].

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::model::*;

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

/// Loads the course in `dir`.
pub fn load(dir: &Path) -> Result<Course, CourseError> {
    std::fs::read_dir(dir).map_err(|source| CourseError::FolderUnreadable {
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

    let mut course = Course {
        title: manifest.title,
        version: manifest.version,
        pass_mark: manifest.pass_mark,
        organisation: manifest.organisation,
        contacts: manifest.contacts,
        modules: Vec::new(),
        broken: Vec::new(),
        problems: Vec::new(),
    };
    for stem in &manifest.modules {
        let file = format!("{stem}.md");
        let mut problems = Vec::new();
        match load_module(dir, &file, &mut problems) {
            Some(module) => course.modules.push(module),
            None => course.broken.push(BrokenModule {
                file: file.clone(),
                title: None,
                problems: problems.clone(),
            }),
        }
        course.problems.extend(problems);
    }
    Ok(course)
}

fn load_module(dir: &Path, file: &str, problems: &mut Vec<Problem>) -> Option<Module> {
    let mut error = |line: u32, message: String| {
        problems.push(Problem {
            severity: Severity::Error,
            file: file.to_string(),
            line,
            message,
        })
    };
    let text = match std::fs::read_to_string(dir.join(file)) {
        Ok(text) => text,
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
    let front: FrontMatter = match toml::from_str(&rest[..end]) {
        Ok(front) => front,
        Err(err) => {
            let line = err.span().map(|s| line_of(rest, s.start) + 1).unwrap_or(1);
            error(line, format!("front matter: {}", err.message()));
            return None;
        }
    };
    Some(Module {
        id: front.id,
        file: file.to_string(),
        title: front.title,
        minutes: front.minutes,
        objectives: front.objectives,
        questions_per_attempt: front.questions_per_attempt.unwrap_or(0),
        slides: Vec::new(),
        questions: Vec::new(),
    })
}

/// 1-based line number of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> u32 {
    let before = &text[..offset.min(text.len())];
    before.bytes().filter(|&b| b == b'\n').count() as u32 + 1
}
