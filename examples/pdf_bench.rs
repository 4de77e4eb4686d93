//! A benchmark helper, not a tool: times the learner handbook of a course
//! folder and 500 certificates of one session, and writes them into OUT so
//! their sizes can be read (and the files looked at). Prints one line per
//! measurement as `name seconds bytes`. Used by `scripts/bench-pdf`.
//! It also writes `handbook.typ`, the same handbook text as typst markup,
//! so the script can time typst on the same words.
//! Usage: `pdf_bench COURSE_DIR OUT_DIR`.

use std::path::PathBuf;
use std::time::Instant;

use signpost::pdf::Keys;
use signpost::pdf::handbook::{self, Edition};
use signpost::pdf::issue::{self, Output};
use signpost::progress::Silent;
use signpost::records::people::PersonDetails;
use signpost::records::sessions::{self, NewSession};
use signpost::records::status::AttendanceStatus;
use signpost::records::{Store, attendance};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let course_dir = PathBuf::from(args.next().ok_or("usage: pdf_bench COURSE_DIR OUT_DIR")?);
    let out = PathBuf::from(args.next().ok_or("usage: pdf_bench COURSE_DIR OUT_DIR")?);
    std::fs::create_dir_all(&out)?;
    let course = signpost::course::load(&course_dir)?;
    let when: jiff::Timestamp = "2026-03-04T12:00:00Z".parse()?;

    // Warm the font caches once, as a running app would have.
    handbook::make(&course, &course_dir, Edition::Learner, when, &Silent)?;
    let runs = 5;
    let mut best = f64::MAX;
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let (bytes, _) = handbook::make(&course, &course_dir, Edition::Learner, when, &Silent)?;
        best = best.min(start.elapsed().as_secs_f64());
        size = bytes.len();
        std::fs::write(out.join("handbook-learner.pdf"), &bytes)?;
    }
    println!("handbook_learner {best:.4} {size}");
    std::fs::write(out.join("handbook.typ"), typst_source(&course))?;

    let data = out.join("data");
    let _ = std::fs::remove_dir_all(&data);
    let mut store = Store::open_in(&data)?;
    let session = sessions::create(
        &mut store,
        &NewSession {
            title: "Benchmark session".into(),
            course_title: course.title.clone(),
            course_version: course.version.clone(),
            date: jiff::civil::date(2026, 3, 4),
            start_time: jiff::civil::time(9, 30, 0, 0),
            end_time: None,
            location: "Hall".into(),
            trainer: "Tess Trainer".into(),
        },
    )?;
    let names = [
        "Ольга Петрова",
        "Zażółć Gęślą",
        "Γιώργος Παπαδόπουλος",
        "Sam Smith",
    ];
    for i in 0..500 {
        attendance::add_by_hand(
            &mut store,
            session.id,
            &PersonDetails {
                name: format!("{} {i}", names[i % names.len()]),
                organisation: "Herts Council".into(),
                ..PersonDetails::default()
            },
            AttendanceStatus::Present,
        )?;
    }
    let keys = Keys::open(&data)?;
    let folder = out.join("certificates");
    let _ = std::fs::remove_dir_all(&folder);
    let start = Instant::now();
    let issued = issue::issue_for_session(
        &mut store,
        &keys,
        &course,
        session.id,
        &Output::Folder(folder.clone()),
        when,
        &Silent,
    )?;
    let seconds = start.elapsed().as_secs_f64();
    let mut largest = 0;
    for file in &issued.files {
        largest = largest.max(std::fs::metadata(file)?.len());
    }
    println!("certificates_500 {seconds:.4} {largest}");
    Ok(())
}

/// The learner handbook's text as typst markup: the same headings,
/// objectives, slides and handbook prose, with typst's own page numbers.
fn typst_source(course: &signpost::course::Course) -> String {
    use signpost::course::Block;
    fn esc(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if "#*_`$<>@\\[]=-+/~".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }
    fn spans(spans: &[signpost::course::Span]) -> String {
        spans
            .iter()
            .map(|s| match (s.strong, s.emphasis) {
                (true, _) => format!("*{}*", esc(&s.text)),
                (_, true) => format!("_{}_", esc(&s.text)),
                _ => esc(&s.text),
            })
            .collect()
    }
    fn blocks(out: &mut String, content: &[Block], depth: usize) {
        for block in content {
            match block {
                Block::Heading { spans: s, .. } => out.push_str(&format!("=== {}\n\n", spans(s))),
                Block::Paragraph { spans: s } => out.push_str(&format!("{}\n\n", spans(s))),
                Block::List { items, .. } => {
                    for item in items {
                        out.push_str(&"  ".repeat(depth));
                        out.push_str("- ");
                        let mut inner = String::new();
                        blocks(&mut inner, item, depth + 1);
                        out.push_str(inner.trim());
                        out.push('\n');
                    }
                    out.push('\n');
                }
                Block::Quote { blocks: b } => blocks(out, b, depth),
                Block::Image { alt, .. } => out.push_str(&format!("{}\n\n", esc(alt))),
            }
        }
    }
    let mut out = String::from(
        "#set page(paper: \"a4\", margin: 22mm, numbering: \"1\")\n\
         #set text(font: \"Noto Sans\", size: 10.5pt)\n\
         #set heading(numbering: \"1.1\")\n",
    );
    out.push_str(&format!(
        "#align(center)[#text(size: 28pt)[*{}*]]\n#pagebreak()\n#outline()\n",
        esc(&course.title)
    ));
    for module in &course.modules {
        out.push_str(&format!("#pagebreak()\n= {}\n\n", esc(&module.title)));
        for objective in &module.objectives {
            out.push_str(&format!("- {}\n", esc(objective)));
        }
        out.push('\n');
        for slide in &module.slides {
            out.push_str(&format!("== {}\n\n", esc(&slide.title)));
            if slide.body != slide.handbook {
                blocks(&mut out, &slide.body, 0);
            }
            blocks(&mut out, &slide.handbook, 0);
        }
    }
    out.push_str("#pagebreak()\n= Where to get help\n\n");
    for contact in &course.contacts {
        out.push_str(&format!(
            "*{}* {}: {}\n\n",
            esc(&contact.name),
            esc(&contact.number),
            esc(&contact.when)
        ));
    }
    out
}
