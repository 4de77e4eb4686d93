//! The QR code on a certificate, drawn as vector squares (no image, so it
//! prints sharp at any size and adds a few kilobytes at most). It carries
//! the same certificate code as the printed text; this file only turns the
//! text into squares, the code itself is `signing.rs`'s.

use qrcode::{Color, EcLevel, QrCode};

use super::error::PdfError;

/// The dark modules of the QR code for `text`, as rectangles (x, top,
/// width, height) in a square of side `size` at (`x`, `top`), with the
/// quiet zone inside that square. Each row's neighbouring dark modules are
/// merged into one rectangle.
pub(crate) fn modules(
    text: &str,
    x: f32,
    top: f32,
    size: f32,
) -> Result<Vec<(f32, f32, f32, f32)>, PdfError> {
    // Medium error correction survives a crease or a smudge and keeps the
    // code small enough to scan from a printed page.
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| PdfError::Internal(format!("the QR code could not be made: {e}")))?;
    let width = code.width();
    let quiet = 4;
    let cell = size / (width + 2 * quiet) as f32;
    let colors = code.to_colors();
    let mut rects = Vec::new();
    for row in 0..width {
        let mut col = 0;
        while col < width {
            if colors[row * width + col] == Color::Dark {
                let start = col;
                while col < width && colors[row * width + col] == Color::Dark {
                    col += 1;
                }
                rects.push((
                    x + (start + quiet) as f32 * cell,
                    top + (row + quiet) as f32 * cell,
                    (col - start) as f32 * cell,
                    // A hair taller than a cell, so rows meet without a
                    // visible seam when rendered.
                    cell * 1.01,
                ));
            } else {
                col += 1;
            }
        }
    }
    Ok(rects)
}
