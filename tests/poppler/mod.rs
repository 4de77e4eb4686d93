//! Reading PDFs back as a person's tools would: poppler's `pdftotext`,
//! `pdfinfo` and `pdffonts` (installed by scripts/setup).
#![allow(dead_code)]

use std::process::Command;

fn run(tool: &str, args: &[&str], bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(&path);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed for this test: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text of the whole document.
pub fn text(bytes: &[u8]) -> String {
    run("pdftotext", &[], bytes)
}

/// The text of one page (counting from 1), laid out as on the page.
pub fn page_layout(bytes: &[u8], page: u32) -> String {
    let p = page.to_string();
    run("pdftotext", &["-layout", "-f", &p, "-l", &p], bytes)
}

/// The text of one page (counting from 1).
pub fn page(bytes: &[u8], page: u32) -> String {
    let p = page.to_string();
    run("pdftotext", &["-f", &p, "-l", &p], bytes)
}

pub fn info(bytes: &[u8]) -> String {
    run("pdfinfo", &[], bytes)
}

pub fn pages(bytes: &[u8]) -> u32 {
    info(bytes)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives a page count")
}

/// Asserts that every font is embedded and subset, and has a Unicode map.
pub fn assert_fonts_embedded_and_subset(bytes: &[u8]) {
    let fonts = run("pdffonts", &[], bytes);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        // ... emb sub uni object-number generation
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
        assert_eq!(
            cols[0].as_bytes().get(6),
            Some(&b'+'),
            "subset tag on {row}"
        );
    }
}

/// Text without the direction marks pdftotext wraps right-to-left text in
/// (U+202B … U+202C): formatting for display, not characters of the name.
pub fn without_bidi_marks(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(*c as u32, 0x202A..=0x202E | 0x2066..=0x2069 | 0x200E | 0x200F))
        .collect()
}
