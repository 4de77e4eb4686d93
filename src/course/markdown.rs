//! Markdown to course blocks: the one place course text is parsed, with one
//! set of pulldown-cmark options. It turns a module body into a flat list of
//! top-level items (headings, blocks, task lists, rules) with their 1-based
//! line numbers in the whole file, fills placeholders, and reports raw HTML
//! (which never reaches the model). It knows nothing of slides or questions;
//! `sections.rs` gives the items that meaning, and `load.rs` reads files.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::model::{Block, Span};
use super::placeholders::Placeholders;

/// The only markdown dialect course files are read with: CommonMark plus GFM
/// task lists, which are how a question marks its right options. Nothing else
/// (tables, footnotes, strikethrough) is part of the format.
const OPTIONS: Options = Options::ENABLE_TASKLISTS;

const RAW_HTML: &str = "raw HTML is not allowed in course files; write it as markdown";

/// One option of a task list: `- [x] text`.
#[derive(Debug, Clone)]
pub(super) struct Task {
    pub checked: bool,
    pub text: Vec<Span>,
}

#[derive(Debug, Clone)]
pub(super) enum Item {
    Rule,
    Heading { level: u8, spans: Vec<Span> },
    Block(Block),
    Tasks(Vec<Task>),
}

#[derive(Debug, Clone)]
pub(super) struct Located {
    pub line: u32,
    pub item: Item,
}

/// A problem found while parsing, at a 1-based line of the file.
pub(super) type Issue = (u32, String);

/// Where an image was used, for the caller to check the file exists.
pub(super) struct ImageRef {
    pub line: u32,
    pub src: String,
    pub alt: String,
}

pub(super) struct Parsed {
    pub items: Vec<Located>,
    pub issues: Vec<Issue>,
    pub images: Vec<ImageRef>,
}

/// Parses `body`, whose first line is line `first_line` of its file.
pub(super) fn parse(body: &str, first_line: u32, placeholders: &Placeholders) -> Parsed {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_at = |offset: usize| -> u32 {
        let index = line_starts.partition_point(|&start| start <= offset);
        first_line + index as u32 - 1
    };
    let mut builder = Builder {
        stack: Vec::new(),
        parsed: Parsed {
            items: Vec::new(),
            issues: Vec::new(),
            images: Vec::new(),
        },
        strong: 0,
        emphasis: 0,
        placeholders,
        glued_rule: None,
    };
    for (event, range) in Parser::new_ext(body, OPTIONS).into_offset_iter() {
        if let Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            ..
        }) = &event
            && let Some(at) = setext_underline(&body[range.clone()])
        {
            let rule_line = line_at(range.start + at);
            builder.parsed.issues.push((
                rule_line,
                "this `---` sits directly under a line of text, which makes that text a heading; \
                 leave a blank line above `---` to separate slides"
                    .into(),
            ));
            builder.glued_rule = Some(rule_line);
        }
        builder.event(event, line_at(range.start));
    }
    // An HTML tag pair on one line would otherwise be reported twice.
    builder.parsed.issues.dedup();
    builder.parsed
}

/// Where the `---` underline of a setext heading starts, relative to `source`
/// (the heading's text). The format uses `---` only to separate blocks, so a
/// `---` glued to the paragraph above is a missing blank line, not a heading.
fn setext_underline(source: &str) -> Option<usize> {
    if source.trim_start().starts_with('#') {
        return None;
    }
    source.trim_end().rfind('\n').map(|i| i + 1)
}

/// Inline text being gathered, remembering which line each piece came from so
/// that a problem inside a long paragraph points at its own line.
#[derive(Default)]
struct Text {
    spans: Vec<Span>,
    /// (byte offset in the joined text, line) where each piece starts.
    marks: Vec<(usize, u32)>,
    len: usize,
}

impl Text {
    fn push(&mut self, text: &str, strong: bool, emphasis: bool, line: u32) {
        self.marks.push((self.len, line));
        self.len += text.len();
        match self.spans.last_mut() {
            Some(last) if last.strong == strong && last.emphasis == emphasis => {
                last.text.push_str(text)
            }
            _ => self.spans.push(Span {
                text: text.to_string(),
                strong,
                emphasis,
            }),
        }
    }

    fn line_at(&self, offset: usize, fallback: u32) -> u32 {
        match self.marks.partition_point(|&(start, _)| start <= offset) {
            0 => fallback,
            i => self.marks[i - 1].1,
        }
    }

    fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// A container being filled.
enum Frame {
    /// A paragraph, or a code block kept as plain text.
    Paragraph {
        line: u32,
        text: Text,
    },
    Heading {
        line: u32,
        level: u8,
        text: Text,
        /// A `---` glued under text: read as the text then a rule, as the
        /// author meant, so one missing blank line gives one problem.
        glued_rule: Option<u32>,
    },
    List {
        line: u32,
        ordered: bool,
        items: Vec<ListItem>,
    },
    Item(ListItem),
    Quote {
        line: u32,
        blocks: Vec<Block>,
    },
    Image {
        line: u32,
        src: String,
        alt: String,
    },
    /// Anything else (links, HTML blocks...): its text, if any, joins the parent.
    Transparent,
}

#[derive(Default)]
struct ListItem {
    line: u32,
    checked: Option<bool>,
    blocks: Vec<Block>,
    /// Text of a tight list item, which has no paragraph of its own.
    inline: Text,
}

struct Builder<'p> {
    stack: Vec<Frame>,
    parsed: Parsed,
    strong: u32,
    emphasis: u32,
    placeholders: &'p Placeholders,
    /// The line of a `---` glued under text, for the heading about to open.
    glued_rule: Option<u32>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, line: u32) {
        match event {
            Event::Start(tag) => self.start(tag, line),
            Event::End(end) => self.end(end),
            Event::Text(text) | Event::Code(text) => self.text(&text, line),
            Event::SoftBreak | Event::HardBreak => self.text(" ", line),
            // Block HTML is reported once, at its start; its lines are dropped.
            Event::InlineHtml(_) => self.parsed.issues.push((line, RAW_HTML.into())),
            Event::Rule => self.parsed.items.push(Located {
                line,
                item: Item::Rule,
            }),
            Event::TaskListMarker(checked) => {
                if let Some(Frame::Item(item)) = self.stack.last_mut() {
                    item.checked = Some(checked);
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, line: u32) {
        let frame = match tag {
            Tag::Paragraph | Tag::CodeBlock(_) => Frame::Paragraph {
                line,
                text: Text::default(),
            },
            Tag::Heading { level, .. } => Frame::Heading {
                line,
                level: heading_level(level),
                text: Text::default(),
                glued_rule: self.glued_rule.take(),
            },
            Tag::List(start) => Frame::List {
                line,
                ordered: start.is_some(),
                items: Vec::new(),
            },
            Tag::Item => Frame::Item(ListItem {
                line,
                ..ListItem::default()
            }),
            Tag::BlockQuote(_) => Frame::Quote {
                line,
                blocks: Vec::new(),
            },
            Tag::Image { dest_url, .. } => Frame::Image {
                line,
                src: dest_url.to_string(),
                alt: String::new(),
            },
            Tag::Strong => {
                self.strong += 1;
                return;
            }
            Tag::Emphasis => {
                self.emphasis += 1;
                return;
            }
            Tag::HtmlBlock => {
                self.parsed.issues.push((line, RAW_HTML.into()));
                Frame::Transparent
            }
            _ => Frame::Transparent,
        };
        // A block opening inside a tight list item ends the item's loose text.
        if !matches!(frame, Frame::Image { .. } | Frame::Transparent) {
            self.flush_inline();
        }
        self.stack.push(frame);
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            _ => {
                if let Some(frame) = self.stack.pop() {
                    self.close(frame);
                }
            }
        }
    }

    fn close(&mut self, frame: Frame) {
        match frame {
            Frame::Paragraph { line, text } => {
                if !text.is_empty() {
                    let block = self.fill_paragraph(line, text);
                    self.attach(line, block);
                }
            }
            Frame::Heading {
                line,
                text,
                glued_rule: Some(rule_line),
                ..
            } if self.stack.is_empty() => {
                let block = self.fill_paragraph(line, text);
                self.attach(line, block);
                self.parsed.items.push(Located {
                    line: rule_line,
                    item: Item::Rule,
                });
            }
            Frame::Heading {
                line, level, text, ..
            } => {
                let spans = self.fill(line, text);
                if self.stack.is_empty() {
                    self.parsed.items.push(Located {
                        line,
                        item: Item::Heading { level, spans },
                    });
                } else {
                    self.attach(line, Block::Heading { level, spans });
                }
            }
            Frame::List {
                line,
                ordered,
                items,
            } => {
                if self.stack.is_empty() && items.iter().any(|i| i.checked.is_some()) {
                    let tasks = items
                        .into_iter()
                        .map(|item| Task {
                            checked: item.checked.unwrap_or(false),
                            text: item.blocks.into_iter().flat_map(block_spans).collect(),
                        })
                        .collect();
                    self.parsed.items.push(Located {
                        line,
                        item: Item::Tasks(tasks),
                    });
                } else {
                    let items = items.into_iter().map(|item| item.blocks).collect();
                    self.attach(line, Block::List { ordered, items });
                }
            }
            Frame::Item(mut item) => {
                let inline = std::mem::take(&mut item.inline);
                if !inline.is_empty() {
                    let filled = self.fill_paragraph(item.line, inline);
                    item.blocks.push(filled);
                }
                if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                    items.push(item);
                }
            }
            Frame::Quote { line, blocks } => self.attach(line, Block::Quote { blocks }),
            Frame::Image { line, src, alt } => {
                self.parsed.images.push(ImageRef {
                    line,
                    src: src.clone(),
                    alt: alt.clone(),
                });
                self.attach_image(line, Block::Image { src, alt });
            }
            Frame::Transparent => {}
        }
    }

    /// Turns a tight list item's loose text into a paragraph before a nested
    /// block (a sub-list, say) follows it.
    fn flush_inline(&mut self) {
        let Some(Frame::Item(item)) = self.stack.last_mut() else {
            return;
        };
        if item.inline.is_empty() {
            return;
        }
        let (line, inline) = (item.line, std::mem::take(&mut item.inline));
        let block = self.fill_paragraph(line, inline);
        if let Some(Frame::Item(item)) = self.stack.last_mut() {
            item.blocks.push(block);
        }
    }

    /// Adds a finished block to the innermost container, or to the items.
    fn attach(&mut self, line: u32, block: Block) {
        match self.stack.last_mut() {
            None => self.parsed.items.push(Located {
                line,
                item: Item::Block(block),
            }),
            Some(Frame::Item(item)) => item.blocks.push(block),
            Some(Frame::Quote { blocks, .. }) => blocks.push(block),
            Some(_) => {}
        }
    }

    /// Images sit inside paragraphs in markdown; in the course they are
    /// blocks of their own, placed where the paragraph is.
    fn attach_image(&mut self, line: u32, image: Block) {
        let outside_paragraph = self
            .stack
            .iter()
            .rposition(|f| matches!(f, Frame::Paragraph { .. }))
            .unwrap_or(self.stack.len());
        if outside_paragraph == 0 {
            self.parsed.items.push(Located {
                line,
                item: Item::Block(image),
            });
        } else {
            match &mut self.stack[outside_paragraph - 1] {
                Frame::Item(item) => item.blocks.push(image),
                Frame::Quote { blocks, .. } => blocks.push(image),
                _ => {}
            }
        }
    }

    fn text(&mut self, piece: &str, line: u32) {
        let (strong, emphasis) = (self.strong > 0, self.emphasis > 0);
        let text = match self
            .stack
            .iter_mut()
            .rev()
            .find(|f| !matches!(f, Frame::Transparent))
        {
            Some(Frame::Paragraph { text, .. }) | Some(Frame::Heading { text, .. }) => text,
            Some(Frame::Item(item)) => &mut item.inline,
            Some(Frame::Image { alt, .. }) => {
                alt.push_str(piece);
                return;
            }
            _ => return,
        };
        text.push(piece, strong, emphasis, line);
    }

    /// Fills placeholders, reporting each problem at the line it is on.
    fn fill(&mut self, line: u32, mut text: Text) -> Vec<Span> {
        let (spans, problems) = self.placeholders.fill(std::mem::take(&mut text.spans));
        for (offset, message) in problems {
            self.parsed
                .issues
                .push((text.line_at(offset, line), message));
        }
        spans
    }

    fn fill_paragraph(&mut self, line: u32, text: Text) -> Block {
        if let Some(list) = self.placeholders.contacts_block(&text.spans) {
            return list;
        }
        let mut spans = self.fill(line, text);
        // Only a code block's text holds newlines; it is shown as prose.
        for span in &mut spans {
            if span.text.contains('\n') {
                span.text = span.text.replace('\n', " ");
            }
        }
        if let Some(last) = spans.last_mut() {
            last.text.truncate(last.text.trim_end().len());
        }
        Block::Paragraph { spans }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The inline text of a block, for places that want one line of text.
pub(super) fn block_spans(block: Block) -> Vec<Span> {
    match block {
        Block::Heading { spans, .. } | Block::Paragraph { spans } => spans,
        Block::List { items, .. } => items.into_iter().flatten().flat_map(block_spans).collect(),
        Block::Quote { blocks } => blocks.into_iter().flat_map(block_spans).collect(),
        Block::Image { alt, .. } => vec![Span {
            text: alt,
            strong: false,
            emphasis: false,
        }],
    }
}

/// Plain text of spans.
pub(super) fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}
