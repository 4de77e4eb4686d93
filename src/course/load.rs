//! Loading a course folder: `course.toml`, then each listed module's front
//! matter and body. Problems inside a module are collected, never thrown, so
//! one broken module cannot stop the rest of the course from loading. Only a
//! folder or `course.toml` that cannot be read at all is a [`CourseError`].

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::markdown::{self, Issue};
use super::model::*;
use super::placeholders::Placeholders;
use super::{check, folder, front_matter, review, sections};

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
    #[error("the image `{src}` cannot be shown: {message}")]
    Image { src: String, message: String },
}

impl CourseError {
    /// A short stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            CourseError::FolderUnreadable { .. } => "course_folder_unreadable",
            CourseError::ManifestUnreadable { .. } => "course_manifest_unreadable",
            CourseError::ManifestInvalid { .. } => "course_manifest_invalid",
            CourseError::Image { .. } => "course_image_unavailable",
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
    organisation: ManifestOrganisation,
    #[serde(default)]
    contacts: Vec<Contact>,
    #[serde(default)]
    content_warnings: ContentWarnings,
}

/// course.toml's `[organisation]`, in the file's own snake_case spelling
/// (the [`Organisation`] it becomes crosses IPC in camelCase). A key that is
/// misspelt is an error, so a default never silently goes missing.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestOrganisation {
    name: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    children_contact: String,
    #[serde(default)]
    employee_support: String,
}

impl From<ManifestOrganisation> for Organisation {
    fn from(o: ManifestOrganisation) -> Organisation {
        Organisation {
            name: o.name,
            area: o.area,
            website: o.website,
            children_contact: o.children_contact,
            employee_support: o.employee_support,
        }
    }
}

/// course.toml's `[content_warnings]`: words that mean a slide or question
/// needs a content warning. Kept in the course so an organisation can add
/// its own.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ContentWarnings {
    #[serde(default)]
    words: Vec<String>,
}

/// What the editor's checks need from the course as a whole.
struct ReviewContext {
    distressing: review::Distressing,
    /// Phone numbers from the contacts, digits only: not figures.
    phone_digits: Vec<String>,
}

impl ReviewContext {
    fn new(words: &[String], contacts: &[&Contact]) -> ReviewContext {
        // A contact's number is one phone number; its `when` may name others
        // ("textphone users dial 18001 101"), and any number in it may then
        // be written on its own ("dial 18001 first").
        let digits = |text: &str| {
            text.chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
        };
        let mut phone_digits: Vec<String> = contacts
            .iter()
            .flat_map(|c| {
                let groups = c
                    .when
                    .split(|ch: char| !ch.is_ascii_digit())
                    .filter(|run| !run.is_empty())
                    .map(str::to_string);
                std::iter::once(digits(&c.number)).chain(groups)
            })
            .collect();
        phone_digits.sort();
        phone_digits.dedup();
        ReviewContext {
            distressing: review::Distressing::new(words),
            phone_digits,
        }
    }
}

fn default_pass_mark() -> u8 {
    80
}

/// Organisation details that replace course.toml's defaults (from the app's
/// settings), so that one course serves any area. An empty field, or an
/// empty list of contacts, keeps course.toml's own.
#[derive(Debug, Clone, Default)]
pub struct Localisation {
    pub organisation: Organisation,
    pub contacts: Vec<Contact>,
    /// The organisation's logo, a `data:` URL.
    pub logo: Option<String>,
}

impl Localisation {
    fn organisation(&self, default: Organisation) -> Organisation {
        let pick = |own: &str, default: String| {
            if own.trim().is_empty() {
                default
            } else {
                own.trim().to_string()
            }
        };
        Organisation {
            name: pick(&self.organisation.name, default.name),
            area: pick(&self.organisation.area, default.area),
            website: pick(&self.organisation.website, default.website),
            children_contact: pick(
                &self.organisation.children_contact,
                default.children_contact,
            ),
            employee_support: pick(
                &self.organisation.employee_support,
                default.employee_support,
            ),
        }
    }

    fn contacts(&self, default: Vec<Contact>) -> Vec<Contact> {
        if self.contacts.is_empty() {
            default
        } else {
            self.contacts.clone()
        }
    }
}

/// The title and version of the course shipped with this build, from the
/// `modules/course.toml` it was compiled with: what a record names when no
/// course folder is at hand, as on the command line.
pub fn shipped() -> (String, String) {
    let manifest: Manifest = toml::from_str(include_str!("../../modules/course.toml"))
        .expect("the shipped course.toml is valid; a test holds it there");
    (manifest.title, manifest.version)
}

/// Loads the course in `dir` with course.toml's own organisation details.
pub fn load(dir: &Path) -> Result<Course, CourseError> {
    load_with(dir, &Localisation::default())
}

/// Loads the course in `dir`, filling placeholders from `local` where given.
pub fn load_with(dir: &Path, local: &Localisation) -> Result<Course, CourseError> {
    if let Err(source) = std::fs::read_dir(dir) {
        return Err(CourseError::FolderUnreadable {
            path: dir.to_path_buf(),
            source,
        });
    }
    let manifest_path = dir.join("course.toml");
    let unreadable = |source| CourseError::ManifestUnreadable {
        path: manifest_path.clone(),
        source,
    };
    let bytes = crate::files::read_capped(&manifest_path, "course.toml", folder::MAX_MODULE_BYTES)
        .map_err(|err| match err {
            crate::files::FileError::Io { source, .. } => unreadable(source),
            other => unreadable(std::io::Error::other(other.to_string())),
        })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        unreadable(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it is not UTF-8 text",
        ))
    })?;
    let manifest: Manifest = toml::from_str(&text).map_err(|err| CourseError::ManifestInvalid {
        line: err
            .span()
            .map(|span| check::line_of(&text, span.start))
            .unwrap_or(0),
        message: format!("{}; correct course.toml", err.message().trim()),
        path: manifest_path.clone(),
    })?;
    if manifest.title.trim().is_empty() {
        return Err(CourseError::ManifestInvalid {
            line: check::line_of(&text, text.find("title").unwrap_or(0)),
            path: manifest_path,
            message: "the course title is empty; give `title` a value".into(),
        });
    }
    if !(1..=100).contains(&manifest.pass_mark) {
        return Err(CourseError::ManifestInvalid {
            line: check::line_of(&text, text.find("pass_mark").unwrap_or(0)),
            path: manifest_path,
            message: format!(
                "`pass_mark` is {} but must be a percentage from 1 to 100",
                manifest.pass_mark
            ),
        });
    }

    let mut course = Course {
        title: manifest.title,
        version: manifest.version,
        pass_mark: manifest.pass_mark,
        organisation: local.organisation(manifest.organisation.into()),
        contacts: local.contacts(manifest.contacts.clone()),
        logo: local.logo.clone(),
        modules: Vec::new(),
        broken: Vec::new(),
        problems: Vec::new(),
    };
    let placeholders = Placeholders::new(&course.organisation, &course.contacts);
    // The organisation's own contacts are phone numbers too, and course.toml's
    // stay so: the same course text never gains a warning from settings.
    let every_contact: Vec<&Contact> = manifest.contacts.iter().chain(&course.contacts).collect();
    let review = ReviewContext::new(&manifest.content_warnings.words, &every_contact);
    let files = check::listed_files(&text, &manifest.modules, &mut course.problems);
    let mut ids = check::Ids::default();
    for file in &files {
        let (module, mut problems) = load_module(dir, file, &placeholders, &review, &mut ids);
        // Problems read best in file order; sorting is stable, so problems on
        // one line keep the order they were found in.
        problems.sort_by_key(|p| p.line);
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
    course.problems.extend(check::unlisted(dir, &files));
    Ok(course)
}

/// Reads one module. Returns the module when its front matter could be read
/// (even if the body has errors, so a broken module keeps its title), and
/// every problem found in it.
fn load_module(
    dir: &Path,
    file: &str,
    placeholders: &Placeholders,
    review: &ReviewContext,
    ids: &mut check::Ids,
) -> (Option<Module>, Vec<Problem>) {
    let mut issues: Vec<Issue> = Vec::new();
    let mut warnings: Vec<Issue> = Vec::new();
    let module = read_module(dir, file, placeholders, review, &mut issues, &mut warnings);
    let mut problems: Vec<Problem> = issues
        .into_iter()
        .map(|(line, message)| check::problem(Severity::Error, file, line, message))
        .chain(
            warnings
                .into_iter()
                .map(|(line, message)| check::problem(Severity::Warning, file, line, message)),
        )
        .collect();
    if let Some((module, id_line)) = &module {
        problems.extend(ids.claim(&module.id, file, *id_line));
    }
    (module.map(|(module, _)| module), problems)
}

/// The module and the line of its `id`, or `None` when the file or its
/// front matter cannot be read.
fn read_module(
    dir: &Path,
    file: &str,
    placeholders: &Placeholders,
    review: &ReviewContext,
    errors: &mut Vec<Issue>,
    warnings: &mut Vec<Issue>,
) -> Option<(Module, u32)> {
    let read = folder::read(dir, file, "module", folder::MAX_MODULE_BYTES).and_then(|bytes| {
        String::from_utf8(bytes).map_err(|_| "is not UTF-8 text; save it as UTF-8".to_string())
    });
    let text = match read {
        // Line numbers count `\n`; a byte-order mark would hide the first fence.
        Ok(text) => text.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
        Err(why) if !dir.join(file).exists() => {
            errors.push((
                0,
                format!(
                    "listed in course.toml but {why}; add the file or remove it from `modules`"
                ),
            ));
            return None;
        }
        Err(why) => {
            errors.push((0, format!("this module {why}")));
            return None;
        }
    };
    let split = match front_matter::split(&text) {
        Ok(split) => split,
        Err(issue) => {
            errors.push(issue);
            return None;
        }
    };
    let front = front_matter::read(split.front, errors)?;
    let parsed = markdown::parse(split.body, split.body_line, placeholders);
    errors.extend(parsed.issues);
    errors.extend(check::images(dir, &parsed.images));
    let sections = sections::read(&front.id, parsed.items);
    errors.extend(sections.errors);
    warnings.extend(sections.warnings);
    let pool = sections.questions.len() as u32;
    let per_attempt = front.questions_per_attempt.unwrap_or(pool);
    if per_attempt > pool {
        errors.push((
            front_matter::key_line(split.front, "questions_per_attempt"),
            format!(
                "questions_per_attempt is {per_attempt} but the module has only {pool} questions; lower it or add questions"
            ),
        ));
    }
    let id_line = front_matter::key_line(split.front, "id");
    let module = Module {
        id: front.id,
        file: file.to_string(),
        title: front.title,
        minutes: front.minutes,
        objectives: front.objectives,
        questions_per_attempt: per_attempt,
        slides: sections.slides,
        questions: sections.questions,
    };
    warnings.extend(review::quiz(&module));
    warnings.extend(review::content_warnings(&module, &review.distressing));
    warnings.extend(review::figures(
        split.body,
        split.body_line,
        &review.phone_digits,
    ));
    Some((module, id_line))
}
