//! Table geometry per scanned page (binarise, skew, deskew, ruling lines,
//! cell grid) on a 300 dpi appendix page. `cargo bench --bench tables`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kehoach::source::Source;
use kehoach::tables::{self, Binary};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("table geometry");
    g.throughput(Throughput::Elements(1));
    for (name, file, page) in [
        (
            "clean page",
            "fixtures/inputs/qd-kiem-soat-tthc-phuong-hai-duong.scan-clean.pdf",
            4,
        ),
        (
            "skewed page",
            "fixtures/inputs/qd-kiem-tra-tthc-hai-phong.scan-skewed.pdf",
            8,
        ),
    ] {
        let src = Source::open(std::path::Path::new(file)).expect("fixture");
        let (img, dpi) = src.page_image(page, 300).unwrap().expect("raster page");
        let geometry = || {
            let skew = tables::estimate_skew(&Binary::from_gray(&img), 3.0);
            let straight = tables::deskew(&img, skew);
            tables::find_tables(&Binary::from_gray(&straight), dpi)
        };
        assert!(!geometry().is_empty(), "{name}: the bench page has a table");
        g.bench_function(name, |b| b.iter(geometry));
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
