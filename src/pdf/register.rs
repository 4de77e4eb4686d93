//! A session's register on paper: the sign-in sheet printed before it (the
//! names from the roster, a column to sign, spare lines for people who turn
//! up) and the completed register after it (who attended, their mark, when
//! they signed in, their result, and every correction made after closing).
//! A4 portrait, black on white with grey rules, so it photocopies and faxes
//! cleanly. The records are read, never changed.

use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::draw::{self, ACCENT, MUTED, Meta, Page, RULE, TEXT, TINT, mm};
use super::error::PdfError;
use super::layout::{Align, Paragraph, Style, Typesetter};
use crate::records::sessions::{self, Register};
use crate::records::status::AttendanceStatus;
use crate::records::{Store, attendance};

/// Which register to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RegisterKind {
    /// Before the session: names to sign against.
    SignInSheet,
    /// After it: what happened.
    Completed,
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RegisterSummary {
    pub pages: u32,
    pub people: u32,
}

/// A mark as a person reads it.
pub fn status_words(status: AttendanceStatus) -> &'static str {
    match status {
        AttendanceStatus::Present => "Present",
        AttendanceStatus::Late => "Late",
        AttendanceStatus::LeftEarly => "Left early",
        AttendanceStatus::Absent => "Absent",
        AttendanceStatus::Expected => "Expected",
    }
}

fn local_time(at: Timestamp) -> String {
    at.to_zoned(TimeZone::system())
        .strftime("%H:%M")
        .to_string()
}

/// Makes the register of `session` and writes it to `path`.
pub fn write(
    store: &mut Store,
    session: Uuid,
    kind: RegisterKind,
    path: &Path,
    created: Timestamp,
) -> Result<RegisterSummary, PdfError> {
    let (bytes, written) = make(store, session, kind, created)?;
    super::issue::write(store.data_dir(), path, &bytes)?;
    crate::records::audit::record_file(
        store,
        crate::records::audit::AuditAction::Export,
        "register",
        path,
    )?;
    Ok(written)
}

/// The register of `session` as PDF bytes.
pub fn make(
    store: &Store,
    session: Uuid,
    kind: RegisterKind,
    created: Timestamp,
) -> Result<(Vec<u8>, RegisterSummary), PdfError> {
    let register = sessions::register(store, session)?;
    let corrections = attendance::corrections(store, session)?;
    let mut scores = Vec::new();
    for entry in &register.entries {
        scores.push(super::issue::session_score(
            store,
            entry.person.id,
            session,
        )?);
    }
    let organisation = crate::records::settings::get(store)?.organisation.name;
    let mut ts = Typesetter::new();
    let pages = lay_out(
        &mut ts,
        &register,
        kind,
        &scores,
        &corrections,
        &organisation,
        created,
    )?;
    let written = RegisterSummary {
        pages: pages.len() as u32,
        people: register.entries.len() as u32,
    };
    let title = match kind {
        RegisterKind::SignInSheet => format!("Sign-in sheet: {}", register.session.title),
        RegisterKind::Completed => format!("Register: {}", register.session.title),
    };
    let bytes = draw::finish(
        pages,
        &[],
        &[],
        &Meta {
            title: &title,
            subject: "Signpost attendance register",
            author: &organisation,
            created,
            codes: &[],
        },
    )?;
    Ok((bytes, written))
}

/// A table column: heading, share of the width, and alignment.
struct Column {
    heading: &'static str,
    width: f32,
    align: Align,
}

fn lay_out(
    ts: &mut Typesetter,
    register: &Register,
    kind: RegisterKind,
    scores: &[Option<u8>],
    corrections: &[attendance::Correction],
    organisation: &str,
    created: Timestamp,
) -> Result<Vec<Page>, PdfError> {
    let size = draw::A4_PORTRAIT;
    let margin = mm(16.0);
    let width = size.0 - 2.0 * margin;
    let bottom = size.1 - mm(20.0);
    let s = &register.session;

    let columns: Vec<Column> = match kind {
        RegisterKind::SignInSheet => vec![
            Column {
                heading: "",
                width: mm(9.0),
                align: Align::End,
            },
            Column {
                heading: "Name",
                width: mm(58.0),
                align: Align::Left,
            },
            Column {
                heading: "Organisation or team",
                width: mm(45.0),
                align: Align::Left,
            },
            Column {
                heading: "Signature",
                width: mm(48.0),
                align: Align::Left,
            },
            Column {
                heading: "Time in",
                width: width - mm(160.0),
                align: Align::Left,
            },
        ],
        RegisterKind::Completed => vec![
            Column {
                heading: "",
                width: mm(9.0),
                align: Align::End,
            },
            Column {
                heading: "Name",
                width: mm(58.0),
                align: Align::Left,
            },
            Column {
                heading: "Organisation or team",
                width: mm(45.0),
                align: Align::Left,
            },
            Column {
                heading: "Mark",
                width: mm(24.0),
                align: Align::Left,
            },
            Column {
                heading: "Signed in",
                width: mm(20.0),
                align: Align::Left,
            },
            Column {
                heading: "Result",
                width: width - mm(156.0),
                align: Align::End,
            },
        ],
    };

    let mut pages: Vec<Page> = Vec::new();
    let mut page = Page::new(size);
    let mut y = margin;

    // The head: what this is and the session's details.
    let heading = match kind {
        RegisterKind::SignInSheet => "Sign-in sheet",
        RegisterKind::Completed => "Attendance register",
    };
    let h = ts.text(heading, Style::new(20.0).bold(), width)?;
    page.text(&h, margin, y, ACCENT);
    y += h.height;
    let t = ts.text(&s.title, Style::new(13.0).bold(), width)?;
    page.text(&t, margin, y, TEXT);
    y += t.height + mm(3.0);

    let time = match s.end_time {
        Some(end) => format!(
            "{} to {}",
            s.start_time.strftime("%H:%M"),
            end.strftime("%H:%M")
        ),
        None => format!("from {}", s.start_time.strftime("%H:%M")),
    };
    let mut details = vec![
        (
            "Course",
            format!("{} (version {})", s.course_title, s.course_version),
        ),
        ("Date", super::certificate::long_date(s.date)),
        ("Time", time),
        ("Trainer", s.trainer.clone()),
    ];
    if !s.location.is_empty() {
        details.push(("Location", s.location.clone()));
    }
    if !organisation.is_empty() {
        details.push(("Organisation", organisation.to_string()));
    }
    if kind == RegisterKind::Completed {
        let attended = register
            .entries
            .iter()
            .filter(|e| e.status.attended())
            .count();
        details.push((
            "Attended",
            format!("{attended} of {} on the register", register.entries.len()),
        ));
        details.push((
            "Register",
            match s.closed_at {
                Some(at) => format!(
                    "closed {} at {}",
                    super::certificate::long_date(at.to_zoned(TimeZone::system()).date()),
                    local_time(at)
                ),
                None => "still open: marks may change".to_string(),
            },
        ));
    }
    let label_width = mm(30.0);
    let panel_top = y;
    let mut rows = Vec::new();
    let mut panel_height = mm(2.0);
    for (label, value) in &details {
        let l = ts.text(label, Style::new(9.5).bold(), label_width)?;
        let v = ts.text(value, Style::new(9.5), width - label_width - mm(6.0))?;
        panel_height += l.height.max(v.height);
        rows.push((l, v));
    }
    panel_height += mm(2.0);
    page.fill(margin, panel_top, width, panel_height, TINT);
    y = panel_top + mm(2.0);
    for (l, v) in &rows {
        page.text(l, margin + mm(3.0), y, MUTED);
        page.text(v, margin + mm(3.0) + label_width, y, TEXT);
        y += l.height.max(v.height);
    }
    y = panel_top + panel_height + mm(6.0);

    if kind == RegisterKind::SignInSheet {
        let note = ts.text(
            "Please print your name if it is not listed, and sign on your line. \
             By signing you confirm you attended this session.",
            Style::new(9.0).italic(),
            width,
        )?;
        page.text(&note, margin, y, MUTED);
        y += note.height + mm(3.0);
    }

    // The table.
    let heads: Vec<Paragraph> = columns
        .iter()
        .map(|c| {
            ts.text(
                c.heading,
                Style::new(9.0).bold().align(c.align),
                c.width - mm(3.0),
            )
        })
        .collect::<Result<_, _>>()?;
    let head_height = heads.iter().map(|p| p.height).fold(0.0, f32::max) + mm(3.0);
    let draw_head = |page: &mut Page, y: f32| {
        page.fill(margin, y, width, head_height, TINT);
        let mut x = margin;
        for (column, head) in columns.iter().zip(&heads) {
            page.text(head, x + mm(1.5), y + mm(1.5), TEXT);
            x += column.width;
        }
        page.line(
            (margin, y + head_height),
            (margin + width, y + head_height),
            TEXT,
            0.8,
        );
        y + head_height
    };
    y = draw_head(&mut page, y);

    let mut lines: Vec<Vec<String>> = Vec::new();
    for (i, entry) in register.entries.iter().enumerate() {
        let organisation = match (
            entry.person.organisation.as_str(),
            entry.person.team.as_str(),
        ) {
            (o, "") => o.to_string(),
            ("", t) => t.to_string(),
            (o, t) => format!("{o}, {t}"),
        };
        let number = (i + 1).to_string();
        lines.push(match kind {
            RegisterKind::SignInSheet => vec![
                number,
                entry.person.name.clone(),
                organisation,
                String::new(),
                String::new(),
            ],
            RegisterKind::Completed => vec![
                number,
                entry.person.name.clone(),
                organisation,
                status_words(entry.status).to_string()
                    + if entry.corrections > 0 { " *" } else { "" },
                entry
                    .signed_in_at
                    .map(local_time)
                    .unwrap_or_else(|| "–".into()),
                scores
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|s| format!("{s}%"))
                    .unwrap_or_else(|| "–".into()),
            ],
        });
    }
    if kind == RegisterKind::SignInSheet {
        // Spare lines for people not on the roster: at least eight, and the
        // rest of the last page.
        for _ in 0..8 {
            lines.push(vec![String::new(); columns.len()]);
        }
    }
    let min_row = match kind {
        RegisterKind::SignInSheet => mm(11.0),
        RegisterKind::Completed => mm(7.0),
    };
    for cells in &lines {
        let set: Vec<Paragraph> = columns
            .iter()
            .zip(cells)
            .enumerate()
            .map(|(i, (c, text))| {
                let style = if i == 1 {
                    Style::new(10.0).bold()
                } else {
                    Style::new(9.5)
                };
                ts.text(text, style.align(c.align), c.width - mm(3.0))
            })
            .collect::<Result<_, _>>()?;
        let row = (set.iter().map(|p| p.height).fold(0.0, f32::max) + mm(3.0)).max(min_row);
        if y + row > bottom {
            pages.push(page);
            page = Page::new(size);
            y = draw_head(&mut page, margin);
        }
        let mut x = margin;
        for (column, cell) in columns.iter().zip(&set) {
            let top = y + (row - cell.height) / 2.0;
            page.text(cell, x + mm(1.5), top, TEXT);
            x += column.width;
        }
        page.line((margin, y + row), (margin + width, y + row), RULE, 0.5);
        y += row;
    }
    if kind == RegisterKind::SignInSheet {
        // Fill what is left of the page with lines to sign on.
        let mut n = 0;
        while y + min_row <= bottom && n < 30 {
            page.line(
                (margin, y + min_row),
                (margin + width, y + min_row),
                RULE,
                0.5,
            );
            y += min_row;
            n += 1;
        }
    }

    // Corrections, on the completed register.
    if kind == RegisterKind::Completed {
        let names: std::collections::HashMap<Uuid, &str> = register
            .entries
            .iter()
            .map(|e| (e.attendance_id, e.person.name.as_str()))
            .collect();
        let heading = ts.text("Corrections after closing", Style::new(12.0).bold(), width)?;
        let mut block: Vec<Paragraph> = Vec::new();
        if corrections.is_empty() {
            block.push(ts.text("None.", Style::new(9.5), width)?);
        } else {
            block.push(ts.text(
                "Marks changed after the register was closed (shown with * above):",
                Style::new(9.5).italic(),
                width,
            )?);
            for c in corrections {
                let when = c.at.to_zoned(TimeZone::system());
                block.push(ts.text(
                    &format!(
                        "{} at {}: {}, {} → {}. Reason: {}",
                        super::certificate::long_date(when.date()),
                        local_time(c.at),
                        names.get(&c.attendance_id).copied().unwrap_or("someone since erased"),
                        status_words(c.old_status),
                        status_words(c.new_status),
                        c.reason
                    ),
                    Style::new(9.5),
                    width - mm(4.0),
                )?);
            }
        }
        // Keep the heading with at least its first line.
        let first = block.first().map(|p| p.height).unwrap_or(0.0);
        y += mm(7.0);
        if y + heading.height + first > bottom {
            pages.push(page);
            page = Page::new(size);
            y = margin;
        }
        page.text(&heading, margin, y, ACCENT);
        y += heading.height + mm(1.0);
        for p in &block {
            if y + p.height > bottom {
                pages.push(page);
                page = Page::new(size);
                y = margin;
            }
            page.text(p, margin + mm(2.0), y, TEXT);
            y += p.height + mm(1.0);
        }
        // Where the trainer signs the register off.
        y += mm(10.0);
        if y + mm(14.0) > bottom {
            pages.push(page);
            page = Page::new(size);
            y = margin + mm(10.0);
        }
        for (i, label) in ["Trainer's signature", "Date"].iter().enumerate() {
            let x = margin + i as f32 * (width * 0.6);
            let w = if i == 0 { width * 0.5 } else { width * 0.4 };
            page.line((x, y + mm(8.0)), (x + w, y + mm(8.0)), TEXT, 0.6);
            let l = ts.text(label, Style::new(8.5), w)?;
            page.text(&l, x, y + mm(9.0), MUTED);
        }
    }
    pages.push(page);

    // Footers: the session and page numbers, now that the count is known.
    let total = pages.len();
    let printed = created.to_zoned(TimeZone::system());
    for (i, page) in pages.iter_mut().enumerate() {
        let left = ts.text(
            &format!(
                "{} · {} · printed {}",
                s.title,
                super::certificate::long_date(s.date),
                super::certificate::long_date(printed.date())
            ),
            Style::new(8.0),
            width * 0.75,
        )?;
        let right = ts.text(
            &format!("Page {} of {total}", i + 1),
            Style::new(8.0).align(Align::End),
            width * 0.25,
        )?;
        let top = size.1 - mm(13.0);
        page.line(
            (margin, top - mm(1.5)),
            (margin + width, top - mm(1.5)),
            RULE,
            0.4,
        );
        page.text(&left, margin, top, MUTED);
        page.text(&right, margin + width * 0.75, top, MUTED);
    }
    Ok(pages)
}
