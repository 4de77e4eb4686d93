//! Placeholders: `{{ organisation }}`, `{{ area }}`, `{{ website }}`,
//! `{{ children_contact }}`, `{{ employee_support }}` and `{{ contacts }}`,
//! filled from the organisation's details so one course serves any area.
//! This module only substitutes text; it does not decide where the values
//! come from (course.toml or the app's settings).

use super::model::{Block, Contact, Organisation, Span};

const KNOWN: &str = "{{ organisation }}, {{ area }}, {{ website }}, {{ children_contact }}, {{ employee_support }}, {{ contacts }}";

pub(super) struct Placeholders {
    organisation: Organisation,
    contacts: Vec<Contact>,
}

impl Placeholders {
    pub fn new(organisation: &Organisation, contacts: &[Contact]) -> Self {
        Placeholders {
            organisation: organisation.clone(),
            contacts: contacts.to_vec(),
        }
    }

    fn value(&self, name: &str) -> Option<&str> {
        match name {
            "organisation" => Some(&self.organisation.name),
            "area" => Some(&self.organisation.area),
            "website" => Some(&self.organisation.website),
            "children_contact" => Some(&self.organisation.children_contact),
            "employee_support" => Some(&self.organisation.employee_support),
            _ => None,
        }
    }

    /// `{{ contacts }}` standing alone as a paragraph becomes a list.
    pub fn contacts_block(&self, spans: &[Span]) -> Option<Block> {
        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
        if name_of(text.trim())? != "contacts" {
            return None;
        }
        let items = self
            .contacts
            .iter()
            .map(|c| {
                let text = format!("{}: ", c.name);
                let number = Span {
                    text: c.number.clone(),
                    strong: true,
                    emphasis: false,
                };
                let when = (!c.when.trim().is_empty()).then(|| Span {
                    text: format!(" — {}", c.when.trim()),
                    strong: false,
                    emphasis: false,
                });
                let mut spans = vec![
                    Span {
                        text,
                        strong: false,
                        emphasis: false,
                    },
                    number,
                ];
                spans.extend(when);
                vec![Block::Paragraph { spans }]
            })
            .collect();
        Some(Block::List {
            ordered: false,
            items,
        })
    }

    /// Fills every placeholder in the spans, keeping each span's style. Each
    /// problem comes with its byte offset in the spans' joined text, so the
    /// caller can name the line it is on. A placeholder that cannot be filled
    /// is left as written.
    pub fn fill(&self, spans: Vec<Span>) -> (Vec<Span>, Vec<(usize, String)>) {
        let mut problems = Vec::new();
        let mut base = 0;
        let spans = spans
            .into_iter()
            .map(|span| {
                let len = span.text.len();
                let text = self.fill_text(&span.text, base, &mut problems);
                base += len;
                Span { text, ..span }
            })
            .collect();
        (spans, problems)
    }

    fn fill_text(&self, text: &str, base: usize, problems: &mut Vec<(usize, String)>) -> String {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        while let Some(open) = text[at..].find("{{").map(|i| at + i) {
            out.push_str(&text[at..open]);
            let Some(close) = text[open..].find("}}").map(|i| open + i + 2) else {
                problems.push((
                    base + open,
                    format!(
                        "`{{{{` opens a placeholder that is not closed with `}}}}` in the same style; the known ones are {KNOWN}"
                    ),
                ));
                at = open;
                break;
            };
            let written = &text[open..close];
            match name_of(written).and_then(|name| self.value(name)) {
                Some(value) => out.push_str(value),
                None => {
                    problems.push((base + open, misplaced_or_unknown(written)));
                    out.push_str(written);
                }
            }
            at = close;
        }
        out.push_str(&text[at..]);
        out
    }
}

fn misplaced_or_unknown(written: &str) -> String {
    if name_of(written) == Some("contacts") {
        "`{{ contacts }}` must stand alone as its own paragraph, with blank lines around it".into()
    } else {
        format!("unknown placeholder `{written}`; the known ones are {KNOWN}")
    }
}

/// `{{ name }}` → `name`, tolerating any inner spacing.
fn name_of(placeholder: &str) -> Option<&str> {
    placeholder
        .strip_prefix("{{")?
        .strip_suffix("}}")
        .map(str::trim)
}
