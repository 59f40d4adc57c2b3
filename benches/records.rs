//! Rows → task records (stitching, column roles, sections, unit lists,
//! deadlines) over the tables of a 9-page decision, read from its text
//! layer. Throughput in bytes of cell text. `cargo bench --bench records`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kehoach::source::{PageContent, Source};

fn bench(c: &mut Criterion) {
    let file = "fixtures/inputs/qd-kiem-soat-tthc-phuong-hai-duong.born-digital.pdf";
    let src = Source::open(std::path::Path::new(file)).expect("fixture");
    let mut tables = Vec::new();
    for i in 0..src.page_count() {
        let page = src.load_page(i, 300).unwrap();
        if let PageContent::Words { words, rules } = page.content {
            let size = (page.width_pt, page.height_pt);
            tables.extend(kehoach::pipeline::text_layer_tables(i + 1, words, &rules, size, None).1);
        }
    }
    let bytes: usize = tables
        .iter()
        .flat_map(|t| t.cells.iter().map(|c| c.text.len()))
        .sum();
    let (_, tasks, _) = kehoach::records::build(&tables, Some(2026));
    assert!(tasks.len() > 20, "the bench document has its tasks");
    let mut g = c.benchmark_group("records");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("9-page decision", |b| {
        b.iter(|| kehoach::records::build(std::hint::black_box(&tables), Some(2026)))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
