//! Pages and the finished file. A [`Page`] collects drawing in points from
//! the top left (the way documents are designed) and turns it into
//! printpdf's operations, bottom-left based; [`finish`] embeds (and subsets)
//! the fonts used, adds nested bookmarks, and writes bytes that depend only
//! on the input: fonts and images get ids derived from what they are, the
//! creation date is given, and the trailer `/ID` is a hash of the file.
//! Deciding what goes on which page is each document's job.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, OnceLock};

use jiff::Timestamp;
use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, Color, ColorArray, CurTransMat, Destination, DictItem, FontId,
    HighlightingMode, Line as PdfLine, LinePoint, LinkAnnotation, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage, Rect, Rgb,
    TextItem, TextMatrix, WindingOrder, XObject, XObjectId, XObjectTransform,
};

use super::error::PdfError;
use super::fonts;
use super::layout::{FaceKey, Paragraph};

/// Millimetres in points.
pub(crate) fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// A4 portrait, in points.
pub(crate) const A4_PORTRAIT: (f32, f32) = (595.276, 841.89);
/// A4 landscape, in points.
pub(crate) const A4_LANDSCAPE: (f32, f32) = (841.89, 595.276);

/// A colour, as 0–255 sRGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ink(pub u8, pub u8, pub u8);

impl Ink {
    fn color(self) -> Color {
        Color::Rgb(Rgb::new(
            f32::from(self.0) / 255.0,
            f32::from(self.1) / 255.0,
            f32::from(self.2) / 255.0,
            None,
        ))
    }
}

/// Body text: near black, which prints as black and reads softer on screen.
pub(crate) const TEXT: Ink = Ink(0x1a, 0x1a, 0x1a);
/// Secondary text (labels, footers); 7:1 on white, so it survives a photocopier.
pub(crate) const MUTED: Ink = Ink(0x4a, 0x4a, 0x4a);
/// Signpost's accent: a deep teal that prints as a dark grey in black and white.
pub(crate) const ACCENT: Ink = Ink(0x0b, 0x4f, 0x6c);
/// Hairlines and table rules.
pub(crate) const RULE: Ink = Ink(0x9a, 0x9a, 0x9a);
/// A tint for panels behind text.
pub(crate) const TINT: Ink = Ink(0xee, 0xf3, 0xf6);
pub(crate) const WHITE: Ink = Ink(0xff, 0xff, 0xff);

/// Where a link goes.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    Uri(String),
    /// A page of this document, counting from 1.
    Page(usize),
}

/// An image ready to place: decoded once, referred to by a stable name.
#[derive(Clone)]
pub(crate) struct Image {
    pub name: String,
    pub raw: RawImage,
}

impl Image {
    /// Decodes PNG or JPEG bytes; `None` for anything else (such as SVG),
    /// which the documents then leave out.
    pub fn decode(name: &str, bytes: &[u8]) -> Option<Image> {
        let mut warnings = Vec::new();
        let raw = RawImage::decode_from_bytes(bytes, &mut warnings).ok()?;
        Some(Image {
            name: name.to_string(),
            raw,
        })
    }

    /// Width over height.
    pub fn aspect(&self) -> f32 {
        self.raw.width as f32 / (self.raw.height.max(1) as f32)
    }
}

/// One page being drawn, in points from its top left.
pub(crate) struct Page {
    pub width: f32,
    pub height: f32,
    ops: Vec<Op>,
    faces: BTreeSet<FaceKey>,
    images: BTreeSet<String>,
}

impl Page {
    pub fn new((width, height): (f32, f32)) -> Page {
        Page {
            width,
            height,
            ops: Vec::new(),
            faces: BTreeSet::new(),
            images: BTreeSet::new(),
        }
    }

    fn y(&self, top: f32) -> f32 {
        self.height - top
    }

    /// Draws a set paragraph with its top left at (`x`, `top`).
    pub fn text(&mut self, paragraph: &Paragraph, x: f32, top: f32, ink: Ink) {
        for line in &paragraph.lines {
            for run in &line.runs {
                self.faces.insert(run.face.clone());
                self.ops.push(Op::StartTextSection);
                self.ops.push(Op::SetFillColor { col: ink.color() });
                self.ops.push(Op::SetFont {
                    font: PdfFontHandle::External(font_id(&run.face)),
                    size: Pt(run.size),
                });
                // What a left-to-right run reads: text extraction and
                // copying use it instead of guessing from glyphs (Devanagari
                // draws some vowel signs before the consonant they follow).
                // Right-to-left runs are read from their glyphs' positions,
                // which readers reorder themselves.
                if !run.rtl {
                    self.ops.push(Op::BeginMarkedContentWithProperties {
                        tag: "Span".into(),
                        properties: DictItem::Dict {
                            map: BTreeMap::from([(
                                "ActualText".to_string(),
                                DictItem::String {
                                    data: utf16be(&run.text),
                                    literal: false,
                                },
                            )]),
                        },
                    });
                }
                for glyph in &run.glyphs {
                    self.ops.push(Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(Pt(x + glyph.x), Pt(self.y(top + glyph.y))),
                    });
                    self.ops.push(Op::ShowText {
                        items: vec![TextItem::GlyphIds(vec![Codepoint {
                            gid: glyph.id,
                            offset: 0.0,
                            cid: glyph.text.clone(),
                        }])],
                    });
                }
                if !run.rtl {
                    self.ops.push(Op::EndMarkedContent);
                }
                self.ops.push(Op::EndTextSection);
            }
        }
    }

    /// A filled rectangle.
    pub fn fill(&mut self, x: f32, top: f32, width: f32, height: f32, ink: Ink) {
        self.ops.push(Op::SetFillColor { col: ink.color() });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(self.y(top + height)),
                width: Pt(width),
                height: Pt(height),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    /// A grid of square cells, such as a QR code, `size` points a side at
    /// (`x`, `top`), with `side` cells a side: each run (column, row,
    /// length) of filled cells is one rectangle in cell units, placed by a
    /// single transformation, so the page holds small whole numbers.
    pub fn grid(
        &mut self,
        (x, top, size): (f32, f32, f32),
        side: usize,
        runs: &[(usize, usize, usize)],
        ink: Ink,
    ) {
        let cell = size / side as f32;
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw([cell, 0.0, 0.0, -cell, x, self.y(top)]),
        });
        self.ops.push(Op::SetFillColor { col: ink.color() });
        for &(col, row, len) in runs {
            self.ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(col as f32),
                    y: Pt(row as f32),
                    width: Pt(len as f32),
                    // A hair taller than a cell, so rows meet without a
                    // visible seam when rendered.
                    height: Pt(1.01),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            });
        }
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// Where the next drawing goes, for [`Page::fill_behind`].
    pub fn mark(&self) -> usize {
        self.ops.len()
    }

    /// A filled rectangle drawn beneath everything drawn since `mark`: a
    /// panel sized to the text it turned out to hold.
    pub fn fill_behind(
        &mut self,
        mark: usize,
        x: f32,
        top: f32,
        width: f32,
        height: f32,
        ink: Ink,
    ) {
        let mut tail = self.ops.split_off(mark.min(self.ops.len()));
        self.fill(x, top, width, height, ink);
        self.ops.append(&mut tail);
    }

    /// A rectangle's outline.
    pub fn frame(&mut self, x: f32, top: f32, width: f32, height: f32, ink: Ink, weight: f32) {
        self.ops.push(Op::SetOutlineColor { col: ink.color() });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(weight) });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(self.y(top + height)),
                width: Pt(width),
                height: Pt(height),
                mode: Some(PaintMode::Stroke),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    /// A straight line.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), ink: Ink, weight: f32) {
        self.ops.push(Op::SetOutlineColor { col: ink.color() });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(weight) });
        let point = |(x, top): (f32, f32)| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(self.y(top)),
            },
            bezier: false,
        };
        self.ops.push(Op::DrawLine {
            line: PdfLine {
                points: vec![point(from), point(to)],
                is_closed: false,
            },
        });
    }

    /// A clickable area.
    pub fn link(&mut self, x: f32, top: f32, width: f32, height: f32, target: Target) {
        let actions = match target {
            Target::Uri(uri) => Actions::Uri(uri),
            Target::Page(page) => Actions::Goto(Destination::Xyz {
                page,
                left: None,
                top: None,
                zoom: None,
            }),
        };
        self.ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                Rect::from_xywh(Pt(x), Pt(self.y(top + height)), Pt(width), Pt(height)),
                actions,
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                Some(HighlightingMode::Invert),
            ),
        });
    }

    /// Places an image in the box given (the caller keeps its proportions).
    pub fn image(&mut self, image: &Image, x: f32, top: f32, width: f32, height: f32) {
        self.images.insert(image.name.clone());
        self.ops.push(Op::UseXobject {
            id: XObjectId(image.name.clone()),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(self.y(top + height))),
                rotate: None,
                scale_x: Some(width),
                scale_y: Some(height),
                dpi: Some(72.0),
                no_auto_scale: true,
            },
        });
    }
}

/// A bookmark, with the ones nested under it.
#[derive(Debug, Clone)]
pub(crate) struct Outline {
    pub title: String,
    /// Counting from 1.
    pub page: usize,
    pub children: Vec<Outline>,
}

/// What the file says about itself.
pub(crate) struct Meta<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    pub author: &'a str,
    pub created: Timestamp,
    /// Certificate codes, kept in the document information as plain text
    /// so `verify` can read them back from the file.
    pub codes: &'a [String],
}

/// A six-letter name for a font, upper case as PDF subset tags must be,
/// derived from the font itself so the same font gets the same name.
fn font_id(face: &FaceKey) -> FontId {
    let seed = match face {
        FaceKey::Bundled(i) => format!("bundled {i}"),
        FaceKey::System(font) => format!("{} {}", font.path.display(), font.index),
    };
    let digest = sha1_smol::Sha1::from(seed).digest().bytes();
    FontId(
        digest[..6]
            .iter()
            .map(|b| char::from(b'A' + b % 26))
            .collect(),
    )
}

/// printpdf's parsed copy of each font, parsed once per run.
fn parsed(face: &FaceKey) -> Result<ParsedFont, PdfError> {
    static PARSED: OnceLock<Mutex<HashMap<FaceKey, ParsedFont>>> = OnceLock::new();
    let cache = PARSED.get_or_init(Default::default);
    if let Ok(map) = cache.lock()
        && let Some(font) = map.get(face)
    {
        return Ok(font.clone());
    }
    let mut warnings = Vec::new();
    let font = match face {
        FaceKey::Bundled(i) => fonts::BUNDLED
            .get(*i)
            .and_then(|f| ParsedFont::from_bytes(f.bytes, 0, &mut warnings)),
        FaceKey::System(font) => fonts::system_bytes(font)
            .and_then(|bytes| ParsedFont::from_bytes(&bytes, font.index as usize, &mut warnings)),
    }
    .ok_or_else(|| PdfError::Internal(format!("the font {face:?} could not be read")))?;
    if let Ok(mut map) = cache.lock() {
        map.insert(face.clone(), font.clone());
    }
    Ok(font)
}

fn utf16be(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    bytes
}

fn text_string(text: &str) -> Object {
    Object::String(utf16be(text), StringFormat::Hexadecimal)
}

/// Stands in for the trailer `/ID` until the file's hash replaces it.
const ID_PLACEHOLDER: &str = "SIGNPOST-ID-PLACEHOLDER-00000000";

/// Writes the pages as a PDF.
pub(crate) fn finish(
    pages: Vec<Page>,
    images: &[&Image],
    outline: &[Outline],
    meta: &Meta<'_>,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(meta.title);
    let created = printpdf::OffsetDateTime::from_unix_timestamp(meta.created.as_second())
        .map_err(|e| PdfError::Internal(e.to_string()))?;
    doc.metadata.info.creation_date = created;
    doc.metadata.info.modification_date = created;
    doc.metadata.info.metadata_date = created;
    doc.metadata.info.producer = "Signpost".into();
    doc.metadata.info.creator = "Signpost".into();
    doc.metadata.info.subject = meta.subject.into();
    doc.metadata.info.author = meta.author.into();

    let mut faces = BTreeSet::new();
    let mut used_images = BTreeSet::new();
    let mut pdf_pages = Vec::with_capacity(pages.len());
    for page in pages {
        faces.extend(page.faces);
        used_images.extend(page.images);
        let rect = Rect::from_wh(Pt(page.width), Pt(page.height));
        pdf_pages.push(PdfPage {
            media_box: rect.clone(),
            trim_box: rect.clone(),
            crop_box: rect,
            ops: page.ops,
        });
    }
    for face in &faces {
        doc.resources
            .fonts
            .map
            .insert(font_id(face), PdfFont::new(parsed(face)?));
    }
    for image in images {
        if used_images.contains(&image.name) {
            doc.resources.xobjects.map.insert(
                XObjectId(image.name.clone()),
                XObject::Image(image.raw.clone()),
            );
        }
    }
    doc.pages = pdf_pages;

    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&options, &mut warnings);

    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    if !outline.is_empty() {
        add_outline(&mut lo, outline, &page_ids)?;
    }
    if !meta.codes.is_empty()
        && let Ok(Object::Reference(info)) = lo.trailer.get(b"Info").cloned()
        && let Ok(Object::Dictionary(dict)) = lo.get_object_mut(info)
    {
        dict.set(
            "SignpostCertificates",
            Object::String(meta.codes.join(" ").into_bytes(), StringFormat::Literal),
        );
    }
    let placeholder = Object::String(ID_PLACEHOLDER.as_bytes().to_vec(), StringFormat::Literal);
    lo.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    compress(&mut lo)?;
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Internal(format!("writing the file failed: {e}")))?;
    // The /ID is a hash of the file itself: the same input, the same bytes.
    let digest = sha1_smol::Sha1::from(&bytes).digest().to_string();
    let id = &digest[..ID_PLACEHOLDER.len()];
    let needle = ID_PLACEHOLDER.as_bytes();
    let mut at = 0;
    while let Some(pos) = bytes[at..].windows(needle.len()).position(|w| w == needle) {
        let start = at + pos;
        bytes[start..start + needle.len()].copy_from_slice(id.as_bytes());
        at = start + needle.len();
    }
    Ok(bytes)
}

/// Compresses every stream not yet compressed, at zlib's default level.
/// lopdf's own `compress` uses the slowest level: the largest single cost
/// of a session's certificates, for files about 1.5% smaller.
fn compress(lo: &mut lopdf::Document) -> Result<(), PdfError> {
    use std::io::Write;
    for object in lo.objects.values_mut() {
        if let Object::Stream(stream) = object
            && stream.allows_compression
            && stream.dict.get(b"Filter").is_err()
        {
            let mut encoder = flate2::write::ZlibEncoder::new(
                Vec::with_capacity(stream.content.len() / 2),
                flate2::Compression::default(),
            );
            encoder
                .write_all(&stream.content)
                .map_err(|e| PdfError::Internal(format!("compressing a stream failed: {e}")))?;
            let compressed = encoder
                .finish()
                .map_err(|e| PdfError::Internal(format!("compressing a stream failed: {e}")))?;
            if compressed.len() < stream.content.len() {
                stream
                    .dict
                    .set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(compressed);
            }
        }
    }
    Ok(())
}

fn add_outline(
    lo: &mut lopdf::Document,
    outline: &[Outline],
    page_ids: &[lopdf::ObjectId],
) -> Result<(), PdfError> {
    let root = lo.new_object_id();
    let (first, last, count) = add_items(lo, outline, root, page_ids);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(first), Some(last)) = (first, last) {
        dict.set("First", Object::Reference(first));
        dict.set("Last", Object::Reference(last));
    }
    dict.set("Count", Object::Integer(count));
    lo.objects.insert(root, Object::Dictionary(dict));
    let catalog = lo
        .catalog_mut()
        .map_err(|e| PdfError::Internal(format!("no catalogue: {e}")))?;
    catalog.set("Outlines", Object::Reference(root));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

/// Adds a level of bookmarks; returns its first and last items and how many
/// are visible (every level starts open).
fn add_items(
    lo: &mut lopdf::Document,
    items: &[Outline],
    parent: lopdf::ObjectId,
    page_ids: &[lopdf::ObjectId],
) -> (Option<lopdf::ObjectId>, Option<lopdf::ObjectId>, i64) {
    let ids: Vec<lopdf::ObjectId> = items.iter().map(|_| lo.new_object_id()).collect();
    let mut count = 0;
    for (i, item) in items.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&item.title));
        dict.set("Parent", Object::Reference(parent));
        if let Some(page) = page_ids.get(item.page.saturating_sub(1)) {
            dict.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Null,
                    Object::Null,
                ]),
            );
        }
        if i > 0 {
            dict.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        let (first, last, below) = add_items(lo, &item.children, ids[i], page_ids);
        if let (Some(first), Some(last)) = (first, last) {
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            dict.set("Count", Object::Integer(below));
        }
        count += 1 + below;
        lo.objects.insert(ids[i], Object::Dictionary(dict));
    }
    (ids.first().copied(), ids.last().copied(), count)
}
