//! The QR code on a certificate, as rows of dark modules that the page
//! draws as vector squares (no image, so it prints sharp at any size and
//! adds a few kilobytes at most). It carries the same certificate code as
//! the printed text; this file only turns the text into modules, the code
//! itself is `signing.rs`'s.

use qrcodegen::{QrCode, QrCodeEcc};

use super::error::PdfError;

/// A QR code as rows of dark modules: `side` modules a side, quiet zone
/// included, and each row's runs of neighbouring dark modules as
/// (column, row, length).
pub(crate) struct Grid {
    pub side: usize,
    pub runs: Vec<(usize, usize, usize)>,
}

/// The QR code for `text`, with its quiet zone.
pub(crate) fn grid(text: &str) -> Result<Grid, PdfError> {
    // Medium error correction survives a crease or a smudge and keeps the
    // code small enough to scan from a printed page. qrcodegen is the
    // reference implementation; it also makes a code more than three times
    // as fast as the qrcode crate, which counts for a session's 500.
    let code = QrCode::encode_text(text, QrCodeEcc::Medium)
        .map_err(|e| PdfError::Internal(format!("the QR code could not be made: {e}")))?;
    let width = code.size();
    let quiet = 4;
    let mut runs = Vec::new();
    for row in 0..width {
        let mut col = 0;
        while col < width {
            if code.get_module(col, row) {
                let start = col;
                while col < width && code.get_module(col, row) {
                    col += 1;
                }
                runs.push((
                    (start + quiet) as usize,
                    (row + quiet) as usize,
                    (col - start) as usize,
                ));
            } else {
                col += 1;
            }
        }
    }
    Ok(Grid {
        side: (width + 2 * quiet) as usize,
        runs,
    })
}

#[cfg(test)]
mod tests {
    use super::grid;

    /// Paints the rectangles into a bitmap, four pixels to a module, and
    /// reads it back with a QR decoder, as a phone would from the page.
    #[test]
    fn the_squares_drawn_scan_back_to_the_certificate_code() {
        let code = format!("SP1-{}", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".repeat(7));
        let made = grid(&code).unwrap();
        let scale = 4;
        let side = made.side * scale;
        let mut dark = vec![false; side * side];
        for (col, row, len) in made.runs {
            for y in row * scale..(row + 1) * scale {
                for x in col * scale..(col + len) * scale {
                    dark[y * side + x] = true;
                }
            }
        }
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            if dark[y * side + x] { 0 } else { 255 }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, read) = grids[0].decode().unwrap();
        assert_eq!(read, code);
    }
}
