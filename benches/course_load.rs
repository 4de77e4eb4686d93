//! Loading and checking the whole shipped course (`modules/`), as the app does
//! at start and `signpost check` does. Budget: under 20 ms.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

fn course_load(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("modules");
    c.bench_function("load and check the shipped course", |b| {
        b.iter(|| {
            let course = signpost::course::load(black_box(&dir)).expect("the course loads");
            assert!(course.problems.is_empty());
            course
        })
    });
}

criterion_group!(benches, course_load);
criterion_main!(benches);
