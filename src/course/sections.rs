//! A module body's items, split at `---` rules into sections, each a slide or
//! a quiz question according to its `#` heading. This is where the course's
//! own rules for slides and questions are checked; markdown itself is parsed
//! in `markdown.rs` and files are read in `load.rs`.

use super::markdown::{Item, Located, Task, block_spans, plain};
use super::model::{AnswerOption, Block, Question, QuestionKind, Slide, Span};

/// What a module body holds, and what is wrong with it.
#[derive(Default)]
pub(super) struct Sections {
    pub slides: Vec<Slide>,
    pub questions: Vec<Question>,
    pub errors: Vec<(u32, String)>,
    pub warnings: Vec<(u32, String)>,
}

/// Splits `items` at rules and reads each section.
pub(super) fn read(module_id: &str, items: Vec<Located>) -> Sections {
    let mut sections = Sections::default();
    let mut current: Vec<Located> = Vec::new();
    for located in items.into_iter().chain(std::iter::once(Located {
        line: 0,
        item: Item::Rule,
    })) {
        if matches!(located.item, Item::Rule) {
            if !current.is_empty() {
                read_section(module_id, std::mem::take(&mut current), &mut sections);
            }
        } else {
            current.push(located);
        }
    }
    sections
}

fn read_section(module_id: &str, items: Vec<Located>, out: &mut Sections) {
    let mut items = items.into_iter();
    let Some(first) = items.next() else { return };
    let (line, title) = match first.item {
        Item::Heading { level: 1, spans } => (first.line, plain(&spans).trim().to_string()),
        _ => {
            out.errors.push((
                first.line,
                "each slide or question must start with a `# ` heading (a line starting with one #)"
                    .into(),
            ));
            return;
        }
    };
    let rest: Vec<Located> = items.collect();
    // Exactly one `#` per block: a second one almost always means the `---`
    // between two slides was forgotten, which would merge them silently.
    if let Some(second) = rest
        .iter()
        .find(|l| matches!(l.item, Item::Heading { level: 1, .. }))
    {
        out.errors.push((
            second.line,
            "a second `# ` heading in one block; put a `---` line (with a blank line before and after) above it to start a new slide or question, or make it `## `"
                .into(),
        ));
        return;
    }
    let kind = if title == "Question" {
        Some((QuestionKind::Single, String::new()))
    } else if let Some(kind) = title.strip_prefix("Question:") {
        match kind.trim().to_lowercase().as_str() {
            "all that apply" => Some((QuestionKind::AllThatApply, String::new())),
            "true or false" => Some((QuestionKind::TrueFalse, String::new())),
            other => {
                out.errors.push((line, format!("unknown question kind `{other}`; write `# Question`, `# Question: all that apply` or `# Question: true or false`")));
                return;
            }
        }
    } else {
        title
            .strip_prefix("Scenario:")
            .map(|t| (QuestionKind::Scenario, t.trim().to_string()))
    };
    if let Some((QuestionKind::Scenario, "")) = kind.as_ref().map(|(k, t)| (*k, t.as_str())) {
        out.errors.push((
            line,
            "the scenario has an empty title; write a short case title after `# Scenario: `".into(),
        ));
        return;
    }
    match kind {
        Some((kind, title)) => {
            let id = format!("{module_id}/{}", out.questions.len() + 1);
            if let Some(question) = read_question(id, kind, title, line, rest, out) {
                out.questions.push(question);
            }
        }
        None => read_slide(title, line, rest, out),
    }
}

/// Which part of a slide the blocks under a `##` heading belong to.
#[derive(Clone, Copy, PartialEq)]
enum Part {
    Body,
    Notes,
    Handbook,
    Warning,
    Explanation,
}

fn part_named(spans: &[Span]) -> Option<Part> {
    match plain(spans).trim().to_lowercase().as_str() {
        "notes" => Some(Part::Notes),
        "handbook" => Some(Part::Handbook),
        "content warning" => Some(Part::Warning),
        "explanation" => Some(Part::Explanation),
        _ => None,
    }
}

fn tasks_as_list(tasks: Vec<Task>) -> Block {
    Block::List {
        ordered: false,
        items: tasks
            .into_iter()
            .map(|t| vec![Block::Paragraph { spans: t.text }])
            .collect(),
    }
}

fn read_slide(title: String, line: u32, items: Vec<Located>, out: &mut Sections) {
    if title.is_empty() {
        out.errors.push((
            line,
            "the slide has an empty title; write one after `# `".into(),
        ));
    }
    let (mut body, mut notes, mut handbook, mut warning) = (vec![], vec![], vec![], vec![]);
    let (mut part, mut has_notes) = (Part::Body, false);
    for located in items {
        let block = match located.item {
            Item::Heading { level: 2, spans } if part_named(&spans).is_some() => {
                part = part_named(&spans).unwrap_or(Part::Body);
                if part == Part::Explanation {
                    out.errors.push((located.line, "`## Explanation` belongs to a question; a question's heading is `# Question` or `# Scenario: ...`".into()));
                }
                has_notes |= part == Part::Notes;
                continue;
            }
            Item::Heading { level, spans } => Block::Heading { level, spans },
            Item::Block(block) => block,
            Item::Tasks(tasks) => tasks_as_list(tasks),
            Item::Rule => continue,
        };
        match part {
            Part::Body | Part::Explanation => body.push(block),
            Part::Notes => notes.push(block),
            Part::Handbook => handbook.push(block),
            Part::Warning => warning.push(block),
        }
    }
    if body.is_empty() {
        out.errors.push((
            line,
            format!("the slide `{title}` is empty; add some text under its heading"),
        ));
    }
    if !has_notes {
        out.warnings.push((
            line,
            format!("the slide `{title}` has no `## Notes` for the trainer"),
        ));
    }
    let content_warning = (!warning.is_empty()).then(|| {
        warning
            .into_iter()
            .map(|b| plain(&block_spans(b)))
            .collect::<Vec<_>>()
            .join(" ")
    });
    if handbook.is_empty() {
        handbook = body.clone();
    }
    out.slides.push(Slide {
        title,
        body,
        notes,
        handbook,
        content_warning,
        line,
    });
}

fn read_question(
    id: String,
    kind: QuestionKind,
    title: String,
    line: u32,
    items: Vec<Located>,
    out: &mut Sections,
) -> Option<Question> {
    let mut before: Vec<Block> = Vec::new();
    let mut tasks: Option<Vec<Task>> = None;
    // After the options, `## Explanation` and `## Content warning` each start
    // a part of their own, in either order, as the reserved headings of a
    // slide do.
    let mut explanation: Option<Vec<Block>> = None;
    let mut warning: Option<Vec<Block>> = None;
    let mut after: Option<Part> = None;
    for located in items {
        let heading_part = match &located.item {
            Item::Heading { level: 2, spans } => {
                part_named(spans).filter(|part| matches!(part, Part::Explanation | Part::Warning))
            }
            _ => None,
        };
        if let Some(part) = heading_part {
            if part == Part::Warning && after.is_none() && tasks.is_none() {
                out.errors.push((
                    located.line,
                    "a question's `## Content warning` goes after its options, next to `## Explanation`"
                        .into(),
                ));
                return None;
            }
            match part {
                Part::Explanation => explanation.get_or_insert_with(Vec::new),
                _ => warning.get_or_insert_with(Vec::new),
            };
            after = Some(part);
            continue;
        }
        if let Some(part) = after {
            let block = match located.item {
                Item::Heading { level, spans } => Block::Heading { level, spans },
                Item::Block(block) => block,
                Item::Tasks(tasks) => tasks_as_list(tasks),
                Item::Rule => continue,
            };
            let target = if part == Part::Explanation {
                &mut explanation
            } else {
                &mut warning
            };
            target.get_or_insert_with(Vec::new).push(block);
            continue;
        }
        match located.item {
            Item::Tasks(list) if tasks.is_none() => tasks = Some(list),
            Item::Tasks(_) => {
                out.errors.push((
                    located.line,
                    "a question has one list of options; remove the second task list".into(),
                ));
                return None;
            }
            Item::Block(_) | Item::Heading { .. } if tasks.is_some() => {
                out.errors.push((
                    located.line,
                    "text after a question's options; move it above the options, or under `## Explanation`"
                        .into(),
                ));
                return None;
            }
            Item::Block(block) => before.push(block),
            Item::Heading { level, spans } => before.push(Block::Heading { level, spans }),
            Item::Rule => {}
        }
    }
    let Some(tasks) = tasks else {
        out.errors.push((line, "the question has no options; list them as a task list: `- [x] right` and `- [ ] wrong`".into()));
        return None;
    };
    let mut problem = |message: &str| {
        out.errors.push((line, message.to_string()));
        None::<Question>
    };
    let right = tasks.iter().filter(|t| t.checked).count();
    if tasks.len() < 2 {
        return problem("the question needs at least two options");
    }
    if right == 0 {
        return problem("the question has no right answer; tick the right option with `- [x]`");
    }
    if right == tasks.len() {
        return problem(
            "every option of the question is ticked; a question needs at least one wrong option (`- [ ]`)",
        );
    }
    if right > 1 && kind != QuestionKind::AllThatApply {
        return problem(
            "the question has several ticked options; tick just one, or make it `# Question: all that apply`",
        );
    }
    if kind == QuestionKind::TrueFalse {
        let mut labels: Vec<String> = tasks
            .iter()
            .map(|t| plain(&t.text).trim().to_lowercase())
            .collect();
        labels.sort();
        if labels != ["false", "true"] {
            return problem(
                "a true or false question has exactly two options, `True` and `False`; write other answers as `# Question`",
            );
        }
    }
    let explanation = match explanation {
        Some(blocks) if !blocks.is_empty() => blocks,
        _ => {
            return problem(
                "the question has no explanation; add `## Explanation` and say why the answer is right",
            );
        }
    };
    let warning = match warning {
        Some(blocks) if blocks.is_empty() => {
            return problem(
                "the question's `## Content warning` is empty; write one short, plain sentence under it",
            );
        }
        Some(blocks) => Some(
            blocks
                .into_iter()
                .map(|b| plain(&block_spans(b)))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        None => None,
    };
    let Some(Block::Paragraph { spans: prompt }) = before.pop() else {
        return problem(
            "the question has no text; write the question as a paragraph above its options",
        );
    };
    if kind == QuestionKind::Scenario && before.is_empty() {
        return problem(
            "the scenario has no case; describe it in one or more paragraphs before the question",
        );
    }
    Some(Question {
        id,
        kind,
        title,
        case: before,
        prompt,
        options: tasks
            .into_iter()
            .map(|t| AnswerOption {
                text: t.text,
                correct: t.checked,
            })
            .collect(),
        explanation,
        warning,
        line,
    })
}
