//! The printed handbook, from the same `Course` value the slides show: a
//! cover with the course, organisation and logo; a contents page whose page
//! numbers are the pages the sections really start on (and link to them);
//! each module's objectives, slides and handbook text with its images; the
//! organisation's contacts; running footers with page numbers; and nested
//! bookmarks (module, then slide). The trainer's edition adds the speaker
//! notes, content warnings and the quiz answer key with explanations.
//!
//! Pages flow here: headings are kept with what follows, a paragraph split
//! across pages leaves at least two lines on each, and a module always
//! starts on a new page.

use std::path::Path;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::draw::{
    self, ACCENT, Image, Ink, MUTED, Meta, Outline, Page, RULE, TEXT, TINT, Target, WHITE, mm,
};
use super::error::PdfError;
use super::layout::{Align, Paragraph, Piece, Style, Typesetter};
use crate::course::{Block, Course, Module, Span};
use crate::progress::Progress;

/// Which handbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "HandbookEdition")]
pub enum Edition {
    Learner,
    /// With the speaker notes, content warnings and the answer key.
    Trainer,
}

impl Edition {
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::Learner => "learner",
            Edition::Trainer => "trainer",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Edition::Learner => "Handbook",
            Edition::Trainer => "Trainer's handbook",
        }
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HandbookSummary {
    pub pages: u32,
    /// Where each module starts, counting pages from 1 (the cover).
    pub module_pages: Vec<u32>,
}

const SIZE: (f32, f32) = draw::A4_PORTRAIT;
const BODY: f32 = 10.5;

fn margin() -> f32 {
    mm(22.0)
}

fn width() -> f32 {
    SIZE.0 - 2.0 * margin()
}

fn bottom() -> f32 {
    SIZE.1 - mm(24.0)
}

/// Makes the handbook, writes it to `path` and notes the file in the
/// audit log (so the app may open it).
pub fn write(
    store: &mut crate::records::Store,
    course: &Course,
    course_dir: &Path,
    edition: Edition,
    path: &Path,
    created: Timestamp,
    progress: &dyn Progress,
) -> Result<HandbookSummary, PdfError> {
    let (bytes, written) = make(course, course_dir, edition, created, progress)?;
    super::issue::write(store.data_dir(), path, &bytes)?;
    crate::records::audit::record_file(
        store,
        crate::records::audit::AuditAction::Export,
        "handbook",
        path,
    )?;
    Ok(written)
}

/// The handbook as PDF bytes.
pub fn make(
    course: &Course,
    course_dir: &Path,
    edition: Edition,
    created: Timestamp,
    progress: &dyn Progress,
) -> Result<(Vec<u8>, HandbookSummary), PdfError> {
    let mut ts = Typesetter::new();
    let logo = super::certificate::decode_logo(course.logo.as_deref());
    let mut images: Vec<Image> = Vec::new();

    // The body first, so the contents can give its real page numbers. The
    // contents take as many pages as their entries need, known beforehand.
    let entries = contents_entries(course, edition);
    let contents_pages = contents_page_count(&mut ts, &entries)?;
    let first_body_page = 2 + contents_pages;

    let mut flow = Flow::new(first_body_page);
    let mut outline: Vec<Outline> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    let total = course.modules.len() as u64 + 1;
    for (i, module) in course.modules.iter().enumerate() {
        if progress.cancelled() {
            return Err(PdfError::Cancelled);
        }
        let start = flow.new_page();
        starts.push(start);
        let slides = module_pages(
            &mut ts,
            &mut flow,
            course_dir,
            &mut images,
            i + 1,
            module,
            edition,
        )?;
        outline.push(Outline {
            title: format!("{}. {}", i + 1, module.title),
            page: start,
            children: slides,
        });
        progress.step(i as u64 + 1, total);
    }
    let mut extra_starts = Vec::new();
    if edition == Edition::Trainer && course.modules.iter().any(|m| !m.questions.is_empty()) {
        let start = flow.new_page();
        answer_key(&mut ts, &mut flow, course)?;
        outline.push(Outline {
            title: "Answer key".into(),
            page: start,
            children: Vec::new(),
        });
        extra_starts.push(start);
    }
    let help_start = flow.new_page();
    contacts(&mut ts, &mut flow, course)?;
    outline.push(Outline {
        title: "Where to get help".into(),
        page: help_start,
        children: Vec::new(),
    });
    extra_starts.push(help_start);

    // Cover and contents, now that every start is known.
    let mut pages = vec![cover(&mut ts, course, edition, logo.as_ref())?];
    let targets: Vec<usize> = starts.iter().chain(&extra_starts).copied().collect();
    pages.extend(contents(&mut ts, &entries, &targets)?);
    if pages.len() != 1 + contents_pages {
        return Err(PdfError::Internal(
            "the contents did not fit as measured".into(),
        ));
    }
    pages.extend(flow.finish());
    let page_count = pages.len();

    // Running footers on every page but the cover.
    let footer_left = format!("{} · {}", course.title, edition.title());
    for (i, page) in pages.iter_mut().enumerate().skip(1) {
        let left = ts.text(&footer_left, Style::new(8.0), width() * 0.8)?;
        let right = ts.text(
            &format!("{}", i + 1),
            Style::new(8.0).bold().align(Align::End),
            width() * 0.2,
        )?;
        let top = SIZE.1 - mm(15.0);
        page.line(
            (margin(), top - mm(2.0)),
            (margin() + width(), top - mm(2.0)),
            RULE,
            0.4,
        );
        page.text(&left, margin(), top, MUTED);
        page.text(&right, margin() + width() * 0.8, top, MUTED);
    }

    let mut full_outline = vec![Outline {
        title: "Contents".into(),
        page: 2,
        children: Vec::new(),
    }];
    full_outline.extend(outline);
    let mut all_images: Vec<&Image> = images.iter().collect();
    if let Some(logo) = &logo {
        all_images.push(logo);
    }
    let title = format!("{}: {}", course.title, edition.title());
    let bytes = draw::finish(
        pages,
        &all_images,
        &full_outline,
        &Meta {
            title: &title,
            subject: &format!("{} version {}", course.title, course.version),
            author: &course.organisation.name,
            created,
            codes: &[],
        },
    )?;
    progress.step(total, total);
    Ok((
        bytes,
        HandbookSummary {
            pages: page_count as u32,
            module_pages: starts.iter().map(|&p| p as u32).collect(),
        },
    ))
}

/// Pages being filled from the top down.
struct Flow {
    pages: Vec<Page>,
    /// The number the first page will have.
    first: usize,
    y: f32,
    /// Where text must stop on a page.
    bottom: f32,
}

impl Flow {
    fn new(first: usize) -> Flow {
        Flow {
            pages: Vec::new(),
            first,
            y: 0.0,
            bottom: bottom(),
        }
    }

    /// A flow with endless pages, to measure how tall something will be.
    fn measuring() -> Flow {
        Flow {
            bottom: f32::MAX,
            ..Flow::new(1)
        }
    }

    /// Starts a page; returns its number.
    fn new_page(&mut self) -> usize {
        self.pages.push(Page::new(SIZE));
        self.y = mm(22.0);
        self.first + self.pages.len() - 1
    }

    fn number(&self) -> usize {
        self.first + self.pages.len() - 1
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Moves to a new page unless `height` fits below.
    fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom {
            self.new_page();
        }
    }

    fn space(&mut self, height: f32) {
        // Space at the top of a page is dropped: it would only push text down.
        if self.y > mm(22.0) + 0.1 {
            self.y += height;
        }
    }

    /// Places a paragraph at `indent`, splitting it across pages with at
    /// least two lines on each side of a break.
    fn paragraph(&mut self, p: &Paragraph, indent: f32, ink: Ink) {
        let mut from = 0;
        let lines = p.lines.len();
        while from < lines {
            let room = self.bottom - self.y;
            let rest = p.slice(from, lines);
            if rest.height <= room {
                let y = self.y;
                self.page().text(&rest, margin() + indent, y, ink);
                self.y += rest.height;
                return;
            }
            // How many lines fit here.
            let mut fit = 0;
            while fit < lines - from && rest.height_of(fit + 1) <= room {
                fit += 1;
            }
            // No orphan at the foot, no widow at the head.
            if fit > 0 && lines - from - fit < 2 {
                fit = fit.saturating_sub(2 - (lines - from - fit));
            }
            // Too little room here: start the next page (on a page that is
            // already fresh, take what fits rather than loop).
            let fresh = self.y <= mm(22.0) + 0.1;
            if fit < 2 && !fresh {
                self.new_page();
                continue;
            }
            let fit = fit.max(1);
            let part = p.slice(from, from + fit);
            let y = self.y;
            self.page().text(&part, margin() + indent, y, ink);
            from += fit;
            self.new_page();
        }
    }

    fn finish(self) -> Vec<Page> {
        self.pages
    }
}

fn pieces(spans: &[Span]) -> Vec<Piece<'_>> {
    spans
        .iter()
        .map(|s| Piece {
            text: s.text.as_str().into(),
            bold: s.strong,
            italic: s.emphasis,
        })
        .collect()
}

/// Sets spans as a paragraph of `style` at `width`.
fn set_spans(
    ts: &mut Typesetter,
    spans: &[Span],
    style: Style,
    width: f32,
) -> Result<Paragraph, PdfError> {
    ts.set(&pieces(spans), style, Some(width))
}

/// Flows course blocks at `indent`.
fn blocks(
    ts: &mut Typesetter,
    flow: &mut Flow,
    course_dir: &Path,
    images: &mut Vec<Image>,
    content: &[Block],
    indent: f32,
    style: Style,
) -> Result<(), PdfError> {
    let w = width() - indent;
    for (i, block) in content.iter().enumerate() {
        match block {
            Block::Heading { spans, .. } => {
                let p = set_spans(ts, spans, Style::new(BODY + 1.0).bold(), w)?;
                // A heading is kept with the first lines of what follows.
                flow.space(mm(2.5));
                flow.ensure(p.height + style.size * style.leading * 2.0);
                flow.paragraph(&p, indent, TEXT);
                flow.y += mm(1.0);
            }
            Block::Paragraph { spans } => {
                let p = set_spans(ts, spans, style, w)?;
                if i > 0 {
                    flow.space(mm(2.0));
                }
                flow.paragraph(&p, indent, TEXT);
            }
            Block::List { ordered, items } => {
                if i > 0 {
                    flow.space(mm(1.5));
                }
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}.", n + 1)
                    } else {
                        "•".to_string()
                    };
                    let m = ts.text(&marker, style.align(Align::End), mm(5.0))?;
                    // The marker stays with the item's first lines.
                    flow.ensure(m.height * 2.0);
                    flow.space(mm(0.8));
                    let y = flow.y;
                    flow.page().text(&m, margin() + indent, y, ACCENT);
                    blocks(ts, flow, course_dir, images, item, indent + mm(7.0), style)?;
                }
            }
            Block::Quote { blocks: inner } => {
                flow.space(mm(2.0));
                let top = flow.y;
                let page_before = flow.number();
                blocks(
                    ts,
                    flow,
                    course_dir,
                    images,
                    inner,
                    indent + mm(6.0),
                    style.italic(),
                )?;
                if flow.number() == page_before {
                    let bottom = flow.y;
                    flow.page()
                        .fill(margin() + indent + mm(1.0), top, 2.0, bottom - top, RULE);
                }
            }
            Block::Image { src, alt } => {
                let name = format!("Img{}", images.len() + 1);
                let decoded = crate::course::image_data_url(course_dir, src)
                    .ok()
                    .and_then(|url| super::certificate::decode_logo(Some(&url)))
                    .map(|image| Image { name, ..image });
                let caption = ts.text(alt, Style::new(8.5).italic(), w)?;
                match decoded {
                    Some(image) => {
                        let img_w = w.min(mm(120.0));
                        let img_h = (img_w / image.aspect()).min(mm(110.0));
                        let img_w = img_h * image.aspect();
                        flow.space(mm(2.0));
                        flow.ensure(img_h + caption.height + mm(1.0));
                        let y = flow.y;
                        flow.page()
                            .image(&image, margin() + indent, y, img_w, img_h);
                        flow.y += img_h + mm(1.0);
                        flow.paragraph(&caption, indent, MUTED);
                        images.push(image);
                    }
                    None => {
                        // A picture the PDF cannot hold: its description stands in.
                        flow.space(mm(1.0));
                        flow.paragraph(&caption, indent, MUTED);
                    }
                }
            }
        }
    }
    Ok(())
}

/// A tinted panel with a label, holding blocks: the slide's text, a
/// speaker's notes. Drawn after its content is placed, behind it, when the
/// content stays on one page; otherwise a rule marks its start.
#[allow(clippy::too_many_arguments)]
fn panel(
    ts: &mut Typesetter,
    flow: &mut Flow,
    course_dir: &Path,
    images: &mut Vec<Image>,
    label: &str,
    content: &[Block],
    tint: Ink,
    style: Style,
) -> Result<(), PdfError> {
    let l = ts.text(label, Style::new(8.0).bold(), width())?;
    flow.space(mm(3.0));
    // A panel shorter than a third of a page is never split: it moves to
    // the next page whole. A longer one starts where it is.
    let height = panel_height(ts, course_dir, label, content, style)?;
    if height < (bottom() - mm(22.0)) / 3.0 {
        flow.ensure(height);
    } else {
        flow.ensure(l.height + mm(14.0));
    }
    let top = flow.y;
    let start_page = flow.number();
    let op_mark = flow.page().mark();
    flow.y += mm(2.5);
    let y = flow.y;
    flow.page().text(&l, margin() + mm(4.0), y, ACCENT);
    flow.y += l.height + mm(0.5);
    blocks(ts, flow, course_dir, images, content, mm(4.0), style)?;
    flow.y += mm(2.5);
    if flow.number() == start_page {
        let bottom = flow.y;
        flow.page()
            .fill_behind(op_mark, margin(), top, width(), bottom - top, tint);
    } else {
        let page = &mut flow.pages[start_page - flow.first];
        page.line((margin(), top), (margin() + width(), top), ACCENT, 1.0);
    }
    Ok(())
}

/// How tall a panel of `content` will be, laid out on an endless page.
fn panel_height(
    ts: &mut Typesetter,
    course_dir: &Path,
    label: &str,
    content: &[Block],
    style: Style,
) -> Result<f32, PdfError> {
    let l = ts.text(label, Style::new(8.0).bold(), width())?;
    let mut scratch = Flow::measuring();
    scratch.new_page();
    let start = scratch.y;
    let mut images = Vec::new();
    blocks(
        ts,
        &mut scratch,
        course_dir,
        &mut images,
        content,
        mm(4.0),
        style,
    )?;
    Ok(scratch.y - start + l.height + mm(5.5))
}

/// One module's pages; returns a bookmark for each slide.
fn module_pages(
    ts: &mut Typesetter,
    flow: &mut Flow,
    course_dir: &Path,
    images: &mut Vec<Image>,
    number: usize,
    module: &Module,
    edition: Edition,
) -> Result<Vec<Outline>, PdfError> {
    let w = width();
    let label = ts.text(&format!("MODULE {number}"), Style::new(10.0).bold(), w)?;
    let y = flow.y;
    flow.page().text(&label, margin(), y, ACCENT);
    flow.y += label.height + mm(1.0);
    let title = ts.text(&module.title, Style::new(24.0).bold().leading(1.15), w)?;
    flow.paragraph(&title, 0.0, TEXT);
    let minutes = ts.text(
        &format!("About {} minutes", module.minutes),
        Style::new(10.0).italic(),
        w,
    )?;
    flow.y += mm(1.0);
    flow.paragraph(&minutes, 0.0, MUTED);
    flow.y += mm(2.0);
    let y = flow.y;
    flow.page()
        .line((margin(), y), (margin() + mm(30.0), y), ACCENT, 2.0);
    flow.y += mm(5.0);

    if !module.objectives.is_empty() {
        let objectives: Vec<Block> = vec![
            Block::Paragraph {
                spans: vec![plain("By the end of this module you will be able to:")],
            },
            Block::List {
                ordered: false,
                items: module
                    .objectives
                    .iter()
                    .map(|o| {
                        vec![Block::Paragraph {
                            spans: vec![plain(o)],
                        }]
                    })
                    .collect(),
            },
        ];
        panel(
            ts,
            flow,
            course_dir,
            images,
            "OBJECTIVES",
            &objectives,
            TINT,
            Style::new(BODY),
        )?;
        flow.y += mm(3.0);
    }

    let mut bookmarks = Vec::new();
    for (i, slide) in module.slides.iter().enumerate() {
        let heading = ts.text(
            &format!("{number}.{} {}", i + 1, slide.title),
            Style::new(14.0).bold().leading(1.2),
            w,
        )?;
        flow.space(mm(6.0));
        // The heading stays with what follows it: the slide's panel whole
        // when that is short (it is never split), else a few lines.
        let same = slide.handbook == slide.body;
        let follows = if !same && !slide.body.is_empty() {
            let panel = panel_height(ts, course_dir, "ON THE SLIDE", &slide.body, Style::new(9.5))?;
            if panel < (bottom() - mm(22.0)) / 3.0 {
                panel + mm(3.0)
            } else {
                mm(22.0)
            }
        } else {
            mm(22.0)
        };
        flow.ensure(heading.height + follows);
        bookmarks.push(Outline {
            title: slide.title.clone(),
            page: flow.number(),
            children: Vec::new(),
        });
        flow.paragraph(&heading, 0.0, ACCENT);
        flow.y += mm(1.0);

        if edition == Edition::Trainer
            && let Some(warning) = &slide.content_warning
        {
            let p = ts.set(
                &[
                    Piece {
                        text: "Content warning: ".into(),
                        bold: true,
                        italic: false,
                    },
                    Piece::plain(warning.as_str()),
                ],
                Style::new(9.5),
                Some(w - mm(8.0)),
            )?;
            flow.space(mm(1.5));
            flow.ensure(p.height + mm(3.0));
            let top = flow.y;
            flow.page()
                .fill(margin(), top, w, p.height + mm(3.0), Ink(0xfd, 0xf1, 0xe0));
            flow.page().fill(
                margin(),
                top,
                2.5,
                p.height + mm(3.0),
                Ink(0x8a, 0x4b, 0x00),
            );
            flow.y += mm(1.5);
            flow.paragraph(&p, mm(4.0), TEXT);
            flow.y += mm(1.5);
        }

        if !same && !slide.body.is_empty() {
            panel(
                ts,
                flow,
                course_dir,
                images,
                "ON THE SLIDE",
                &slide.body,
                TINT,
                Style::new(9.5),
            )?;
            flow.space(mm(3.0));
        }
        blocks(
            ts,
            flow,
            course_dir,
            images,
            &slide.handbook,
            0.0,
            Style::new(BODY),
        )?;

        if edition == Edition::Trainer && !slide.notes.is_empty() {
            panel(
                ts,
                flow,
                course_dir,
                images,
                "SPEAKER NOTES",
                &slide.notes,
                Ink(0xf4, 0xf4, 0xf4),
                Style::new(9.5).italic(),
            )?;
        }
    }
    Ok(bookmarks)
}

fn plain(text: &str) -> Span {
    Span {
        text: text.to_string(),
        strong: false,
        emphasis: false,
    }
}

/// Every module's questions with the right answers marked and explained.
fn answer_key(ts: &mut Typesetter, flow: &mut Flow, course: &Course) -> Result<(), PdfError> {
    let w = width();
    let title = ts.text("Answer key", Style::new(24.0).bold(), w)?;
    flow.paragraph(&title, 0.0, TEXT);
    let intro = ts.text(
        "The questions each module's knowledge check draws from, with the right answers \
         marked and the explanation learners see. Keep this edition away from learners.",
        Style::new(BODY).italic(),
        w,
    )?;
    flow.y += mm(2.0);
    flow.paragraph(&intro, 0.0, MUTED);
    for (m, module) in course.modules.iter().enumerate() {
        if module.questions.is_empty() {
            continue;
        }
        let heading = ts.text(
            &format!("Module {}: {}", m + 1, module.title),
            Style::new(14.0).bold(),
            w,
        )?;
        flow.space(mm(7.0));
        flow.ensure(heading.height + mm(25.0));
        flow.paragraph(&heading, 0.0, ACCENT);
        for (q, question) in module.questions.iter().enumerate() {
            let mut prompt_pieces = vec![Piece {
                text: format!("{}. ", q + 1).into(),
                bold: true,
                italic: false,
            }];
            if !question.title.is_empty() {
                prompt_pieces.push(Piece {
                    text: format!("{}: ", question.title).into(),
                    bold: true,
                    italic: false,
                });
            }
            prompt_pieces.extend(pieces(&question.prompt));
            let prompt = ts.set(&prompt_pieces, Style::new(BODY), Some(w))?;
            let mut options = Vec::new();
            for option in &question.options {
                let mut parts = vec![Piece {
                    text: if option.correct { "Right: " } else { "Wrong: " }.into(),
                    bold: option.correct,
                    italic: false,
                }];
                parts.extend(pieces(&option.text).into_iter().map(|mut p| {
                    p.bold |= option.correct;
                    p
                }));
                options.push((
                    option.correct,
                    ts.set(&parts, Style::new(9.5), Some(w - mm(8.0)))?,
                ));
            }
            flow.space(mm(3.5));
            flow.ensure(prompt.height + options.first().map(|o| o.1.height).unwrap_or(0.0) * 2.0);
            flow.paragraph(&prompt, 0.0, TEXT);
            for (correct, option) in &options {
                flow.space(mm(0.6));
                flow.paragraph(option, mm(6.0), if *correct { TEXT } else { MUTED });
            }
            for block in &question.explanation {
                if let Block::Paragraph { spans } = block {
                    let mut parts = vec![Piece {
                        text: "Why: ".into(),
                        bold: true,
                        italic: false,
                    }];
                    parts.extend(pieces(spans));
                    let p = ts.set(&parts, Style::new(9.5).italic(), Some(w - mm(6.0)))?;
                    flow.space(mm(1.0));
                    flow.paragraph(&p, mm(6.0), MUTED);
                }
            }
        }
    }
    Ok(())
}

/// The organisation's contacts: who to call, their number and when.
fn contacts(ts: &mut Typesetter, flow: &mut Flow, course: &Course) -> Result<(), PdfError> {
    let w = width();
    let title = ts.text("Where to get help", Style::new(24.0).bold(), w)?;
    flow.paragraph(&title, 0.0, TEXT);
    flow.y += mm(2.0);
    let intro = ts.text(
        &format!(
            "If you think someone is a victim of modern slavery, these are the people to \
             contact{}. If someone is in immediate danger, call 999.",
            if course.organisation.area.is_empty() {
                String::new()
            } else {
                format!(" in {}", course.organisation.area)
            }
        ),
        Style::new(BODY),
        w,
    )?;
    flow.paragraph(&intro, 0.0, TEXT);
    flow.y += mm(4.0);
    let number_width = mm(42.0);
    for contact in &course.contacts {
        let name = ts.text(
            &contact.name,
            Style::new(11.5).bold(),
            w - number_width - mm(4.0),
        )?;
        let number = ts.text(
            &contact.number,
            Style::new(13.0).bold().align(Align::End),
            number_width,
        )?;
        let when = if contact.when.is_empty() {
            Paragraph::default()
        } else {
            ts.text(&contact.when, Style::new(9.5), w - number_width - mm(4.0))?
        };
        let row = name.height.max(number.height) + when.height + mm(4.0);
        flow.ensure(row);
        let top = flow.y;
        let page = flow.page();
        page.text(&name, margin(), top + mm(2.0), TEXT);
        page.text(&number, margin() + w - number_width, top + mm(2.0), ACCENT);
        page.text(&when, margin(), top + mm(2.0) + name.height, MUTED);
        page.line((margin(), top + row), (margin() + w, top + row), RULE, 0.5);
        flow.y += row;
    }
    let website = course.organisation.website.trim();
    if !website.is_empty() {
        flow.y += mm(5.0);
        let text = ts.set(
            &[
                Piece::plain(format!("{}: ", course.organisation.name)),
                Piece {
                    text: website.into(),
                    bold: true,
                    italic: false,
                },
            ],
            Style::new(BODY),
            Some(w),
        )?;
        flow.ensure(text.height);
        let top = flow.y;
        flow.paragraph(&text, 0.0, TEXT);
        let uri = if website.contains("://") {
            website.to_string()
        } else {
            format!("https://{website}")
        };
        flow.page()
            .link(margin(), top, text.width, text.height, Target::Uri(uri));
    }
    Ok(())
}

fn cover(
    ts: &mut Typesetter,
    course: &Course,
    edition: Edition,
    logo: Option<&Image>,
) -> Result<Page, PdfError> {
    let mut page = Page::new(SIZE);
    let w = width();
    let band = mm(120.0);
    page.fill(0.0, 0.0, SIZE.0, band, ACCENT);
    let kind = ts.text(&edition.title().to_uppercase(), Style::new(12.0).bold(), w)?;
    let title = ts.text(&course.title, Style::new(32.0).bold().leading(1.15), w)?;
    let title_top = band - mm(18.0) - title.height;
    page.text(&kind, margin(), title_top - kind.height - mm(4.0), WHITE);
    page.text(&title, margin(), title_top, WHITE);

    let mut y = band + mm(14.0);
    let version = ts.text(
        &format!("Course version {}", course.version),
        Style::new(11.0),
        w,
    )?;
    page.text(&version, margin(), y, MUTED);
    y += version.height + mm(10.0);
    let org = ts.text(&course.organisation.name, Style::new(16.0).bold(), w)?;
    page.text(&org, margin(), y, TEXT);
    y += org.height;
    if !course.organisation.area.is_empty() {
        let area = ts.text(&course.organisation.area, Style::new(12.0), w)?;
        page.text(&area, margin(), y, MUTED);
        y += area.height;
    }
    if !course.organisation.website.is_empty() {
        let site = ts.text(&course.organisation.website, Style::new(11.0), w)?;
        page.text(&site, margin(), y + mm(2.0), ACCENT);
    }
    if let Some(logo) = logo {
        let h = mm(28.0);
        let lw = (h * logo.aspect()).min(mm(80.0));
        let h = lw / logo.aspect();
        page.image(logo, margin(), SIZE.1 - mm(30.0) - h, lw, h);
    }
    if edition == Edition::Trainer {
        let note = ts.text(
            "This edition holds the speaker notes, content warnings and the answer key.",
            Style::new(9.5).italic(),
            w,
        )?;
        page.text(&note, margin(), SIZE.1 - mm(20.0) - note.height, MUTED);
    }
    Ok(page)
}

/// The contents: modules, then the answer key and contacts.
fn contents_entries(course: &Course, edition: Edition) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = course
        .modules
        .iter()
        .enumerate()
        .map(|(i, m)| (format!("{}", i + 1), m.title.clone()))
        .collect();
    if edition == Edition::Trainer && course.modules.iter().any(|m| !m.questions.is_empty()) {
        entries.push((String::new(), "Answer key".into()));
    }
    entries.push((String::new(), "Where to get help".into()));
    entries
}

const CONTENTS_ROW: f32 = 24.0;

fn contents_page_count(
    ts: &mut Typesetter,
    entries: &[(String, String)],
) -> Result<usize, PdfError> {
    let heading = ts.text("Contents", Style::new(24.0).bold(), width())?;
    let first = ((bottom() - mm(22.0) - heading.height - mm(8.0)) / CONTENTS_ROW).floor() as usize;
    let later = ((bottom() - mm(22.0)) / CONTENTS_ROW).floor() as usize;
    Ok(if entries.len() <= first {
        1
    } else {
        1 + (entries.len() - first).div_ceil(later.max(1))
    })
}

fn contents(
    ts: &mut Typesetter,
    entries: &[(String, String)],
    targets: &[usize],
) -> Result<Vec<Page>, PdfError> {
    let w = width();
    let mut pages = vec![Page::new(SIZE)];
    let heading = ts.text("Contents", Style::new(24.0).bold(), w)?;
    let mut y = mm(22.0);
    pages[0].text(&heading, margin(), y, TEXT);
    y += heading.height + mm(8.0);
    for ((number, title), &target) in entries.iter().zip(targets) {
        if y + CONTENTS_ROW > bottom() {
            pages.push(Page::new(SIZE));
            y = mm(22.0);
        }
        let page = pages
            .last_mut()
            .ok_or_else(|| PdfError::Internal("no page".into()))?;
        let n = ts.text(number, Style::new(12.0).bold(), mm(10.0))?;
        let t = ts.fitted(title, Style::new(12.0), w - mm(30.0), 9.0)?;
        let p = ts.text(
            &target.to_string(),
            Style::new(12.0).bold().align(Align::End),
            mm(18.0),
        )?;
        page.text(&n, margin(), y, ACCENT);
        page.text(&t, margin() + mm(10.0), y, TEXT);
        page.text(&p, margin() + w - mm(18.0), y, TEXT);
        page.line(
            (margin() + mm(10.0), y + CONTENTS_ROW - mm(2.5)),
            (margin() + w, y + CONTENTS_ROW - mm(2.5)),
            RULE,
            0.4,
        );
        page.link(
            margin(),
            y - mm(1.0),
            w,
            CONTENTS_ROW - mm(1.0),
            Target::Page(target),
        );
        y += CONTENTS_ROW;
    }
    Ok(pages)
}
