//! The certificate: one A4 landscape page per person, with the
//! organisation's logo, the name (shrunk or wrapped to fit, never cut),
//! the course and version, the date, the score, the trainer for a session,
//! the certificate number, and the signed code as a QR code and as text.
//! It draws what it is given; choosing who gets one, signing the code and
//! recording the certificate are `issue.rs` and `signing.rs`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::Timestamp;

use super::draw::{self, ACCENT, Image, Ink, MUTED, Meta, Page, RULE, TEXT, TINT, mm};
use super::error::PdfError;
use super::layout::{Align, Style, Typesetter};
use super::qr;
use super::signing::{CertificateKind, CertifiedRecord};
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::progress::{Progress, Silent};

/// A certificate to draw: what it says and its signed code.
#[derive(Debug, Clone)]
pub struct CertificatePage {
    pub record: CertifiedRecord,
    pub code: String,
}

/// Draws certificates, keeping fonts and the logo between them so a whole
/// session's certificates cost little more than one.
pub struct CertificateMaker {
    typesetter: Typesetter,
    logo: Option<Image>,
}

/// The day as people write it: "4 March 2026".
pub(crate) fn long_date(date: jiff::civil::Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

/// A logo kept as a `data:` URL, decoded when it is a PNG or JPEG (the
/// formats a PDF holds without conversion); other formats are left out
/// and the organisation's name stands alone.
pub(crate) fn decode_logo(data_url: Option<&str>) -> Option<Image> {
    let url = data_url?;
    let (_, data) = url.split_once(";base64,")?;
    let bytes = STANDARD.decode(data.trim()).ok()?;
    Image::decode("Logo", &bytes)
}

impl CertificateMaker {
    pub fn new(logo: Option<&str>) -> CertificateMaker {
        CertificateMaker {
            typesetter: Typesetter::new(),
            logo: decode_logo(logo),
        }
    }

    /// Checks that every text on these certificates can be printed, before
    /// anything is signed, recorded or written.
    pub fn check(&mut self, record: &CertifiedRecord) -> Result<(), PdfError> {
        for text in [
            &record.name,
            &record.course_title,
            &record.course_version,
            &record.organisation,
            &record.trainer,
        ] {
            self.typesetter.check(text)?;
        }
        Ok(())
    }

    /// One PDF holding a page for each certificate.
    pub fn pdf(
        &mut self,
        certificates: &[CertificatePage],
        created: Timestamp,
        progress: &dyn Progress,
    ) -> Result<Vec<u8>, PdfError> {
        let mut pages = Vec::with_capacity(certificates.len());
        let total = certificates.len() as u64;
        for (i, certificate) in certificates.iter().enumerate() {
            if progress.cancelled() {
                return Err(PdfError::Cancelled);
            }
            pages.push(self.page(certificate)?);
            progress.step(i as u64 + 1, total);
        }
        let codes: Vec<String> = certificates.iter().map(|c| c.code.clone()).collect();
        let (title, author) = match certificates {
            [one] => (
                format!("Certificate: {}", one.record.name),
                one.record.organisation.clone(),
            ),
            _ => (
                "Certificates".to_string(),
                certificates
                    .first()
                    .map(|c| c.record.organisation.clone())
                    .unwrap_or_default(),
            ),
        };
        let images: Vec<&Image> = self.logo.iter().collect();
        draw::finish(
            pages,
            &images,
            &[],
            &Meta {
                title: &title,
                subject: "Signpost training certificate",
                author: &author,
                created,
                codes: &codes,
            },
        )
    }

    /// One PDF for each certificate, in order, drawn on every core the
    /// machine has: a session's certificates are the longest PDF wait a
    /// trainer has. Each worker keeps its own fonts; progress counts files.
    pub fn pdf_each(
        &self,
        certificates: &[CertificatePage],
        created: Timestamp,
        progress: &dyn Progress,
    ) -> Result<Vec<Vec<u8>>, PdfError> {
        let done = AtomicU64::new(0);
        let total = certificates.len() as u64;
        certificates
            .par_iter()
            .map_init(
                || CertificateMaker {
                    typesetter: Typesetter::new(),
                    logo: self.logo.clone(),
                },
                |maker, certificate| {
                    if progress.cancelled() {
                        return Err(PdfError::Cancelled);
                    }
                    let file = maker.pdf(std::slice::from_ref(certificate), created, &Silent)?;
                    progress.step(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                    Ok(file)
                },
            )
            .collect()
    }

    fn page(&mut self, certificate: &CertificatePage) -> Result<Page, PdfError> {
        let record = &certificate.record;
        let ts = &mut self.typesetter;
        let mut page = Page::new(draw::A4_LANDSCAPE);
        let (w, h) = (page.width, page.height);

        // A double frame: a broad accent line and a hairline inside it.
        page.frame(mm(8.0), mm(8.0), w - mm(16.0), h - mm(16.0), ACCENT, 2.2);
        page.frame(mm(10.5), mm(10.5), w - mm(21.0), h - mm(21.0), ACCENT, 0.5);

        let margin = mm(24.0);
        let inner = w - 2.0 * margin;

        // Head: the logo on the left, the organisation on the right.
        let head_top = mm(20.0);
        let head_height = mm(18.0);
        if let Some(logo) = &self.logo {
            let height = head_height;
            let width = (height * logo.aspect()).min(mm(60.0));
            let height = width / logo.aspect();
            page.image(logo, margin, head_top, width, height);
        }
        let organisation = ts.set(
            &[super::layout::Piece::plain(record.organisation.as_str())],
            Style::new(11.0).bold().align(Align::End),
            Some(inner * 0.6),
        )?;
        page.text(
            &organisation,
            margin + inner * 0.4,
            head_top + (head_height - organisation.height) / 2.0,
            MUTED,
        );

        // The title of the certificate.
        let kind = match record.kind {
            CertificateKind::Completion => "CERTIFICATE OF COMPLETION",
            CertificateKind::Attendance => "CERTIFICATE OF ATTENDANCE",
        };
        let mut y = mm(46.0);
        let title = ts.text(kind, Style::new(22.0).bold().align(Align::Center), inner)?;
        page.text(&title, margin, y, ACCENT);
        y += title.height + mm(8.0);

        let lead = ts.text(
            "This is to certify that",
            Style::new(12.0).italic().align(Align::Center),
            inner,
        )?;
        page.text(&lead, margin, y, MUTED);
        y += lead.height + mm(4.0);

        // The name: as large as fits on one line, wrapping only when even
        // the smallest size does not.
        let name_width = inner - mm(40.0);
        let name = ts.fitted(
            &record.name,
            Style::new(34.0).bold().align(Align::Center).leading(1.25),
            name_width,
            18.0,
        )?;
        page.text(&name, margin + mm(20.0), y, TEXT);
        y += name.height + mm(2.0);
        page.line((w / 2.0 - mm(70.0), y), (w / 2.0 + mm(70.0), y), RULE, 0.6);
        y += mm(5.0);

        let verb = match record.kind {
            CertificateKind::Completion => "has successfully completed",
            CertificateKind::Attendance => "attended a training session of",
        };
        let verb = ts.text(verb, Style::new(12.0).italic().align(Align::Center), inner)?;
        page.text(&verb, margin, y, MUTED);
        y += verb.height + mm(3.0);

        let course = ts.text(
            &record.course_title,
            Style::new(20.0).bold().align(Align::Center).leading(1.2),
            inner - mm(30.0),
        )?;
        page.text(&course, margin + mm(15.0), y, TEXT);
        y += course.height + mm(1.5);
        let version = ts.text(
            &format!("Course version {}", record.course_version),
            Style::new(10.5).align(Align::Center),
            inner,
        )?;
        page.text(&version, margin, y, MUTED);
        y += version.height + mm(8.0);

        // Details: date, score, trainer, each a label over a value.
        let mut details: Vec<(&str, String)> = vec![("Date", long_date(record.date))];
        if let Some(score) = record.score {
            details.push(("Score", format!("{score}%")));
        }
        if !record.trainer.is_empty() {
            details.push(("Trainer", record.trainer.clone()));
        }
        let column = mm(62.0);
        let start = (w - column * details.len() as f32) / 2.0;
        for (i, (label, value)) in details.iter().enumerate() {
            let x = start + column * i as f32;
            let label = ts.text(label, Style::new(9.0).align(Align::Center), column)?;
            let value = ts.fitted(
                value,
                Style::new(13.0).bold().align(Align::Center),
                column - mm(6.0),
                9.0,
            )?;
            page.text(&label, x, y, MUTED);
            page.text(&value, x + mm(3.0), y + label.height, TEXT);
        }

        // Foot: the QR code, how to check the certificate, the code, and
        // the certificate number.
        let qr_size = mm(36.0);
        let qr_top = h - mm(14.0) - qr_size;
        let qr_left = margin - mm(4.0);
        page.fill(qr_left, qr_top, qr_size, qr_size, Ink(0xff, 0xff, 0xff));
        let code = qr::grid(&certificate.code)?;
        page.grid(
            (qr_left, qr_top, qr_size),
            code.side,
            &code.runs,
            Ink(0, 0, 0),
        );

        let text_left = qr_left + qr_size + mm(3.0);
        let text_width = w - margin - text_left - mm(52.0);
        let how = ts.text(
            &format!(
                "Issued by {}. To check this certificate, scan the code or type it into \
                 Signpost's Verify screen (or run: signpost verify CODE). The code is \
                 signed: any change to the name, date, score or organisation shows.",
                record.organisation
            ),
            Style::new(7.5).leading(1.3),
            text_width,
        )?;
        let code_text = ts.text(
            &grouped(&certificate.code),
            Style::new(6.2).leading(1.3),
            text_width,
        )?;
        let block = how.height + mm(1.5) + code_text.height;
        let block_top = qr_top + (qr_size - block) / 2.0;
        page.text(&how, text_left, block_top, MUTED);
        page.fill(
            text_left - mm(1.0),
            block_top + how.height + mm(0.5),
            text_width + mm(2.0),
            code_text.height + mm(1.0),
            TINT,
        );
        page.text(
            &code_text,
            text_left,
            block_top + how.height + mm(1.0),
            TEXT,
        );

        let number_label = ts.text(
            "Certificate number",
            Style::new(8.0).align(Align::End),
            mm(46.0),
        )?;
        let number = ts.text(
            &record.number(),
            Style::new(12.0).bold().align(Align::End),
            mm(46.0),
        )?;
        let number_top = qr_top + (qr_size - number_label.height - number.height) / 2.0;
        page.text(&number_label, w - margin - mm(46.0), number_top, MUTED);
        page.text(
            &number,
            w - margin - mm(46.0),
            number_top + number_label.height,
            TEXT,
        );
        Ok(page)
    }
}

/// The code in groups of four, so a person can read it out or type it.
fn grouped(code: &str) -> String {
    let (prefix, body) = code
        .split_at_checked(super::signing::CODE_PREFIX.len())
        .filter(|(p, _)| *p == super::signing::CODE_PREFIX)
        .unwrap_or(("", code));
    let mut out = String::with_capacity(code.len() * 5 / 4);
    out.push_str(prefix);
    for (i, ch) in body.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}
