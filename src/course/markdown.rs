//! Markdown to course blocks: the one place course text is parsed, with one
//! set of pulldown-cmark options. It turns a module body into a flat list of
//! top-level items (headings, blocks, task lists, rules) with their 1-based
//! line numbers, fills placeholders, and reports raw HTML. It knows nothing of
//! slides or questions; `sections.rs` gives the items that meaning.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::model::{Block, Span};
use super::placeholders::Placeholders;

/// The only markdown dialect course files are read with.
const OPTIONS: Options = Options::ENABLE_TASKLISTS.union(Options::ENABLE_STRIKETHROUGH);

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
    };
    for (event, range) in Parser::new_ext(body, OPTIONS).into_offset_iter() {
        builder.event(event, line_at(range.start));
    }
    builder.parsed
}

/// A container being filled.
enum Frame {
    Paragraph {
        line: u32,
        spans: Vec<Span>,
    },
    Heading {
        line: u32,
        level: u8,
        spans: Vec<Span>,
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
    /// Anything else (tables, code blocks, links...): its text joins the parent.
    Transparent,
}

#[derive(Default)]
struct ListItem {
    line: u32,
    checked: Option<bool>,
    blocks: Vec<Block>,
    /// Text of a tight list item, which has no paragraph of its own.
    inline: Vec<Span>,
}

struct Builder<'p> {
    stack: Vec<Frame>,
    parsed: Parsed,
    strong: u32,
    emphasis: u32,
    placeholders: &'p Placeholders,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, line: u32) {
        match event {
            Event::Start(tag) => self.start(tag, line),
            Event::End(end) => self.end(end),
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            Event::Html(_) | Event::InlineHtml(_) => self.parsed.issues.push((
                line,
                "raw HTML is not allowed in course files; write it as markdown".into(),
            )),
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
            Tag::Paragraph => Frame::Paragraph {
                line,
                spans: Vec::new(),
            },
            Tag::Heading { level, .. } => Frame::Heading {
                line,
                level: heading_level(level),
                spans: Vec::new(),
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
            _ => Frame::Transparent,
        };
        // A block opening inside a tight list item ends the item's loose text.
        if !matches!(frame, Frame::Image { .. } | Frame::Transparent)
            && let Some(Frame::Item(item)) = self.stack.last_mut()
        {
            flush_inline(item);
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
            Frame::Paragraph { line, spans } => {
                let block = self.fill_paragraph(line, spans);
                self.attach(line, block);
            }
            Frame::Heading { line, level, spans } => {
                let spans = self.fill(line, spans);
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
                        .map(|mut item| {
                            flush_inline(&mut item);
                            Task {
                                checked: item.checked.unwrap_or(false),
                                text: item.blocks.into_iter().flat_map(block_spans).collect(),
                            }
                        })
                        .collect();
                    self.parsed.items.push(Located {
                        line,
                        item: Item::Tasks(tasks),
                    });
                } else {
                    let items = items
                        .into_iter()
                        .map(|mut item| {
                            flush_inline(&mut item);
                            item.blocks
                        })
                        .collect();
                    self.attach(line, Block::List { ordered, items });
                }
            }
            Frame::Item(mut item) => {
                let spans = std::mem::take(&mut item.inline);
                if !spans.is_empty() {
                    let filled = self.fill_paragraph(item.line, spans);
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
            .map_or(self.stack.len(), |i| i);
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

    fn text(&mut self, text: &str) {
        let (strong, emphasis) = (self.strong > 0, self.emphasis > 0);
        let spans = match self
            .stack
            .iter_mut()
            .rev()
            .find(|f| !matches!(f, Frame::Transparent))
        {
            Some(Frame::Paragraph { spans, .. }) | Some(Frame::Heading { spans, .. }) => spans,
            Some(Frame::Item(item)) => &mut item.inline,
            Some(Frame::Image { alt, .. }) => {
                alt.push_str(text);
                return;
            }
            _ => return,
        };
        match spans.last_mut() {
            Some(last) if last.strong == strong && last.emphasis == emphasis => {
                last.text.push_str(text)
            }
            _ => spans.push(Span {
                text: text.to_string(),
                strong,
                emphasis,
            }),
        }
    }

    fn fill(&mut self, line: u32, spans: Vec<Span>) -> Vec<Span> {
        match self.placeholders.fill_spans(spans) {
            Ok(spans) => spans,
            Err((spans, message)) => {
                self.parsed.issues.push((line, message));
                spans
            }
        }
    }

    fn fill_paragraph(&mut self, line: u32, spans: Vec<Span>) -> Block {
        if let Some(list) = self.placeholders.contacts_block(&spans) {
            return list;
        }
        Block::Paragraph {
            spans: self.fill(line, spans),
        }
    }
}

fn flush_inline(item: &mut ListItem) {
    if !item.inline.is_empty() {
        let spans = std::mem::take(&mut item.inline);
        item.blocks.push(Block::Paragraph { spans });
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
