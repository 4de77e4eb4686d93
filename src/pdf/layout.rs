//! Text set into lines: shaping, bidi, line breaking and font fallback by
//! parley (with the bundled fonts registered and the system's font discovery
//! off), turned into positioned glyph runs that `draw.rs` writes into a PDF.
//! Each run keeps the text it shows, so the PDF can say what it reads (for
//! copying and `pdftotext`) even where glyphs and characters do not map one
//! to one: joined Arabic, reordered Devanagari vowel signs, ligatures.
//!
//! Before setting any text it checks that some font can draw every
//! character, adding installed fonts for scripts the bundled ones lack, and
//! refuses text that no font has. It does not paginate: the documents decide
//! where paragraphs go.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use parley::fontique::{Blob, Collection, CollectionOptions, SourceCache};
use parley::{
    Alignment, AlignmentOptions, FontContext, FontFamily, FontStyle, FontWeight, LayoutContext,
    LineHeight, PositionedLayoutItem, StyleProperty,
};

use super::error::PdfError;
use super::fonts::{self, SystemFont};

/// Where a font came from, so that printpdf's parsed copy can be shared
/// between documents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum FaceKey {
    Bundled(usize),
    System(SystemFont),
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    /// Font size in points.
    pub size: f32,
    /// Line height as a multiple of the size.
    pub leading: f32,
    pub bold: bool,
    pub italic: bool,
    pub align: Align,
}

impl Style {
    pub fn new(size: f32) -> Style {
        Style {
            size,
            leading: 1.35,
            bold: false,
            italic: false,
            align: Align::Start,
        }
    }

    pub fn bold(mut self) -> Style {
        self.bold = true;
        self
    }

    pub fn italic(mut self) -> Style {
        self.italic = true;
        self
    }

    pub fn align(mut self, align: Align) -> Style {
        self.align = align;
        self
    }

    pub fn leading(mut self, leading: f32) -> Style {
        self.leading = leading;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Align {
    /// The start of the text's own direction (right for Arabic).
    Start,
    /// The left edge whatever the direction: table columns.
    Left,
    Center,
    End,
}

/// A run of text with its own emphasis inside a paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Piece<'a> {
    pub text: Cow<'a, str>,
    pub bold: bool,
    pub italic: bool,
}

impl<'a> Piece<'a> {
    pub fn plain(text: impl Into<Cow<'a, str>>) -> Piece<'a> {
        Piece {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }
}

/// One glyph, placed relative to the paragraph's top left, y downwards.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub id: u16,
    pub x: f32,
    pub y: f32,
    /// The characters this glyph starts, for the font's ToUnicode map.
    pub text: Option<String>,
}

/// Glyphs of one font and size on one line, with the text they show in
/// reading order.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub face: FaceKey,
    pub size: f32,
    pub glyphs: Vec<Glyph>,
    pub text: String,
    /// Right to left (Arabic, Hebrew): text extraction reads these glyphs
    /// by position, which already gives the reading order.
    pub rtl: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// The top of the line box, from the paragraph's top.
    pub top: f32,
    pub height: f32,
    pub baseline: f32,
    pub runs: Vec<Run>,
}

/// A set paragraph: lines of glyph runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Paragraph {
    pub lines: Vec<Line>,
    /// The widest line's advance.
    pub width: f32,
    pub height: f32,
}

impl Paragraph {
    /// The height of the first `n` lines.
    pub fn height_of(&self, n: usize) -> f32 {
        match n {
            0 => 0.0,
            n => self
                .lines
                .get(n - 1)
                .map(|l| l.top + l.height)
                .unwrap_or(self.height),
        }
    }

    /// Lines `from..to`, moved up so the first is at the top.
    pub fn slice(&self, from: usize, to: usize) -> Paragraph {
        let shift = self.lines.get(from).map(|l| l.top).unwrap_or(0.0);
        let lines: Vec<Line> = self.lines[from..to.min(self.lines.len())]
            .iter()
            .map(|l| Line {
                top: l.top - shift,
                baseline: l.baseline - shift,
                height: l.height,
                runs: l
                    .runs
                    .iter()
                    .map(|r| Run {
                        glyphs: r
                            .glyphs
                            .iter()
                            .map(|g| Glyph {
                                y: g.y - shift,
                                ..g.clone()
                            })
                            .collect(),
                        ..r.clone()
                    })
                    .collect(),
            })
            .collect();
        let height = lines.last().map(|l| l.top + l.height).unwrap_or(0.0);
        Paragraph {
            lines,
            width: self.width,
            height,
        }
    }
}

/// Sets text with the bundled fonts and whatever installed fonts it needed.
pub(crate) struct Typesetter {
    fonts: FontContext,
    layout: LayoutContext<()>,
    /// Which registered font file is which.
    blobs: HashMap<u64, Source>,
    /// Installed fonts already registered.
    added: HashSet<SystemFont>,
    /// The families tried, in order, as a CSS font-family list.
    stack: String,
    covered: HashMap<char, bool>,
    /// Paragraphs already set, by what was asked, for the life of this
    /// typesetter (one document, or one worker's certificates): the
    /// handbook measures each panel before it draws it, and a session's
    /// certificates repeat most of their words.
    set_before: HashMap<SetKey, Paragraph>,
}

/// Everything a set paragraph depends on: the pieces (text, bold, italic),
/// the style's size, leading, emphasis and alignment, and the width.
type SetKey = (
    Vec<(String, bool, bool)>,
    [u32; 2],
    bool,
    bool,
    Align,
    Option<u32>,
);

enum Source {
    Bundled(usize),
    System(std::path::PathBuf),
}

impl Typesetter {
    pub fn new() -> Typesetter {
        let mut fonts = FontContext {
            collection: Collection::new(CollectionOptions {
                shared: false,
                system_fonts: false,
            }),
            source_cache: SourceCache::default(),
        };
        let mut blobs = HashMap::new();
        for (i, font) in fonts::BUNDLED.iter().enumerate() {
            let blob: Blob<u8> = Blob::new(Arc::new(font.bytes));
            blobs.insert(blob.id(), Source::Bundled(i));
            fonts.collection.register_fonts(blob, None);
        }
        let stack = fonts::BUNDLED_FAMILIES
            .iter()
            .map(|f| format!("\"{f}\""))
            .collect::<Vec<_>>()
            .join(", ");
        Typesetter {
            fonts,
            layout: LayoutContext::new(),
            blobs,
            added: HashSet::new(),
            stack,
            covered: HashMap::new(),
            set_before: HashMap::new(),
        }
    }

    /// Makes sure some font can draw every character of `text`, adding
    /// installed fonts as needed; names the characters none can.
    pub fn check(&mut self, text: &str) -> Result<(), PdfError> {
        let mut missing: Vec<char> = Vec::new();
        for ch in text.chars() {
            if fonts::needs_no_glyph(ch) || missing.contains(&ch) {
                continue;
            }
            if let Some(&known) = self.covered.get(&ch) {
                if !known {
                    missing.push(ch);
                }
                continue;
            }
            let ok = fonts::bundled_covers(ch) || self.add_fallback(ch);
            self.covered.insert(ch, ok);
            if !ok {
                missing.push(ch);
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(missing_glyphs(text, &missing))
        }
    }

    fn add_fallback(&mut self, ch: char) -> bool {
        let Some(font) = fonts::fallback_for(ch) else {
            return false;
        };
        if self.added.contains(&font) {
            return true;
        }
        let Some(bytes) = fonts::system_bytes(&font) else {
            return false;
        };
        let blob: Blob<u8> = Blob::new(bytes);
        self.blobs
            .insert(blob.id(), Source::System(font.path.clone()));
        let families = self.fonts.collection.register_fonts(blob, None);
        // A collection file holds several families (Japanese, Chinese,
        // Korean forms); only the face that was found joins the list, so
        // the choice does not depend on the order they were registered in.
        for (family, faces) in families {
            if !faces.iter().any(|f| f.index() == font.index) {
                continue;
            }
            if let Some(name) = self.fonts.collection.family_name(family) {
                let quoted = format!("\"{name}\"");
                if !self.stack.contains(&quoted) {
                    self.stack.push_str(", ");
                    self.stack.push_str(&quoted);
                }
            }
        }
        self.added.insert(font);
        true
    }

    /// Sets one line of plain text (no wrapping).
    pub fn line(&mut self, text: &str, style: Style) -> Result<Paragraph, PdfError> {
        self.set(&[Piece::plain(text)], style, None)
    }

    /// Sets plain text wrapped to `width`.
    pub fn text(&mut self, text: &str, style: Style, width: f32) -> Result<Paragraph, PdfError> {
        self.set(&[Piece::plain(text)], style, Some(width))
    }

    /// Sets text on one line at `style`'s size, shrinking it down to
    /// `min_size` to fit `width`, and wrapping only when even that is too
    /// wide: a long name is never cut off or run past the edge.
    pub fn fitted(
        &mut self,
        text: &str,
        style: Style,
        width: f32,
        min_size: f32,
    ) -> Result<Paragraph, PdfError> {
        let natural = self.line(text, style)?;
        if natural.width <= width {
            return self.text(text, style, width);
        }
        // Shrink in proportion, then a little more while it still does not
        // fit (shaping is not quite linear in size).
        let mut size = (style.size * width / natural.width).max(min_size);
        loop {
            let shrunk = Style { size, ..style };
            let fitted = self.line(text, shrunk)?;
            if fitted.width <= width || size <= min_size {
                return self.text(text, shrunk, width);
            }
            size = (size * 0.97).max(min_size);
        }
    }

    /// Sets styled pieces as one paragraph, wrapped to `width` if given.
    pub fn set(
        &mut self,
        pieces: &[Piece<'_>],
        style: Style,
        width: Option<f32>,
    ) -> Result<Paragraph, PdfError> {
        let key: SetKey = (
            pieces
                .iter()
                .map(|p| (p.text.to_string(), p.bold, p.italic))
                .collect(),
            [style.size.to_bits(), style.leading.to_bits()],
            style.bold,
            style.italic,
            style.align,
            width.map(f32::to_bits),
        );
        if let Some(set) = self.set_before.get(&key) {
            return Ok(set.clone());
        }
        let set = self.shape(pieces, style, width)?;
        self.set_before.insert(key, set.clone());
        Ok(set)
    }

    fn shape(
        &mut self,
        pieces: &[Piece<'_>],
        style: Style,
        width: Option<f32>,
    ) -> Result<Paragraph, PdfError> {
        let text: String = pieces.iter().map(|p| p.text.as_ref()).collect();
        if text.is_empty() {
            return Ok(Paragraph::default());
        }
        self.check(&text)?;
        let mut builder = self
            .layout
            .ranged_builder(&mut self.fonts, &text, 1.0, false);
        builder.push_default(StyleProperty::FontFamily(FontFamily::Source(Cow::Owned(
            self.stack.clone(),
        ))));
        builder.push_default(StyleProperty::FontSize(style.size));
        builder.push_default(StyleProperty::LineHeight(LineHeight::FontSizeRelative(
            style.leading,
        )));
        if style.bold {
            builder.push_default(StyleProperty::FontWeight(FontWeight::BOLD));
        }
        if style.italic {
            builder.push_default(StyleProperty::FontStyle(FontStyle::Italic));
        }
        let mut at = 0;
        for piece in pieces {
            let range = at..at + piece.text.len();
            at = range.end;
            if piece.bold && !style.bold {
                builder.push(StyleProperty::FontWeight(FontWeight::BOLD), range.clone());
            }
            if piece.italic && !style.italic {
                builder.push(StyleProperty::FontStyle(FontStyle::Italic), range);
            }
        }
        let mut layout = builder.build(&text);
        layout.break_all_lines(width);
        let alignment = match style.align {
            Align::Start => Alignment::Start,
            Align::Left => Alignment::Left,
            Align::Center => Alignment::Center,
            Align::End => Alignment::End,
        };
        layout.align(alignment, AlignmentOptions::default());
        let mut paragraph = Paragraph {
            lines: Vec::new(),
            width: layout.width(),
            height: layout.height(),
        };
        let mut unknown: Vec<char> = Vec::new();
        let mut top = 0.0f32;
        for line in layout.lines() {
            let metrics = line.metrics();
            let mut runs = Vec::new();
            let mut seen = HashSet::new();
            for item in line.items() {
                let PositionedLayoutItem::GlyphRun(glyph_run) = item else {
                    continue;
                };
                let run = glyph_run.run();
                if !seen.insert(run.index()) {
                    continue;
                }
                let font = run.font();
                let face = match self.blobs.get(&font.data.id()) {
                    Some(Source::Bundled(i)) => FaceKey::Bundled(*i),
                    Some(Source::System(path)) => FaceKey::System(SystemFont {
                        path: path.clone(),
                        index: font.index,
                    }),
                    None => {
                        return Err(PdfError::Internal(
                            "a font that was never registered was chosen".into(),
                        ));
                    }
                };
                let mut pen = glyph_run.offset();
                let baseline = glyph_run.baseline();
                let mut glyphs = Vec::new();
                for cluster in run.visual_clusters() {
                    let cluster_text = &text[cluster.text_range()];
                    // A glyph that is a whole cluster maps to its text; the
                    // glyphs of a cluster drawn with several map to their
                    // own characters (the font's), since a glyph has one
                    // mapping for the whole file.
                    let single = cluster.glyphs().count() == 1;
                    for g in cluster.glyphs() {
                        if g.id == 0 && !cluster_text.chars().all(fonts::needs_no_glyph) {
                            unknown.extend(cluster_text.chars());
                        }
                        glyphs.push(Glyph {
                            id: u16::try_from(g.id).unwrap_or(0),
                            x: pen + g.x,
                            y: baseline - g.y,
                            text: single.then(|| cluster_text.to_string()),
                        });
                        pen += g.advance;
                    }
                }
                if glyphs.is_empty() {
                    continue;
                }
                runs.push(Run {
                    face,
                    size: run.font_size(),
                    glyphs,
                    text: text[run.text_range()].to_string(),
                    rtl: run.is_rtl(),
                });
            }
            paragraph.lines.push(Line {
                top,
                height: metrics.line_height,
                baseline: metrics.baseline,
                runs,
            });
            top += metrics.line_height;
        }
        if !unknown.is_empty() {
            unknown.dedup();
            return Err(missing_glyphs(&text, &unknown));
        }
        Ok(paragraph)
    }
}

fn missing_glyphs(text: &str, chars: &[char]) -> PdfError {
    let mut named = BTreeMap::new();
    for ch in chars {
        named.insert(*ch, format!("{ch} (U+{:04X})", *ch as u32));
    }
    PdfError::MissingGlyphs {
        text: text.to_string(),
        characters: named.into_values().collect::<Vec<_>>().join(", "),
    }
}
