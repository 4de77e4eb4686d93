//! Loading and checking the whole shipped course (`modules/`), as the app does
//! at start and `signpost check` does. Budget: under 20 ms.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

fn course_load(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("modules");
    c.bench_function("load and check the shipped course", |b| {
        b.iter(|| {
            // Loading is checking: the problems come out of the same pass.
            // They are not asserted here (tests/shipped_course.rs does that),
            // so the figure is still measured while the content is in progress.
            let course = signpost::course::load(black_box(&dir)).expect("the course loads");
            black_box(course.problems.len());
            course
        })
    });
}

criterion_group!(benches, course_load);
criterion_main!(benches);
