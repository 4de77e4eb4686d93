//! Placeholders: `{{ organisation }}`, `{{ area }}`, `{{ website }}` and
//! `{{ contacts }}`, filled from the organisation's details so one course
//! serves any area. This module only substitutes text; it does not decide
//! where the values come from (course.toml or the app's settings).

use super::model::{Block, Contact, Organisation, Span};

const KNOWN: &str = "{{ organisation }}, {{ area }}, {{ website }}, {{ contacts }}";

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
                let when = (!c.when.is_empty()).then(|| Span {
                    text: format!(" — {}", c.when),
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

    /// Fills every placeholder in the spans. On an unknown or misplaced one
    /// it returns the spans unchanged with a message saying what to do.
    pub fn fill_spans(&self, spans: Vec<Span>) -> Result<Vec<Span>, (Vec<Span>, String)> {
        let mut out = Vec::with_capacity(spans.len());
        let mut problem = None;
        for span in spans {
            match self.fill_text(&span.text) {
                Ok(text) => out.push(Span { text, ..span }),
                Err(message) => {
                    problem.get_or_insert(message);
                    out.push(span);
                }
            }
        }
        match problem {
            None => Ok(out),
            Some(message) => Err((out, message)),
        }
    }

    fn fill_text(&self, text: &str) -> Result<String, String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            let Some(close) = rest[open..].find("}}") else {
                break;
            };
            let inner = &rest[open..open + close + 2];
            let name = name_of(inner).unwrap_or_default();
            let value = match name {
                "contacts" => {
                    return Err(
                        "`{{ contacts }}` must stand alone as its own paragraph, with blank lines around it"
                            .into(),
                    );
                }
                _ => self.value(name).ok_or_else(|| {
                    format!("unknown placeholder `{inner}`; the known ones are {KNOWN}")
                })?,
            };
            out.push_str(&rest[..open]);
            out.push_str(value);
            rest = &rest[open + close + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// `{{ name }}` → `name`, tolerating any inner spacing.
fn name_of(placeholder: &str) -> Option<&str> {
    placeholder
        .strip_prefix("{{")?
        .strip_suffix("}}")
        .map(str::trim)
}
