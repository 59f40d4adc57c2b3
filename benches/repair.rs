//! Diacritic repair throughput (issue target: ≥ 1 MB/s of OCR text per
//! core): real OCR text read with Tesseract `eng`, and clean plan text with
//! its marks stripped, repaired as `kehoach repair` and `extract` do (the
//! text); and the `eng` text with every change and its margin worked out,
//! as `kehoach repair --explain` does. `cargo bench --bench repair`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kehoach::repair::{self, OcrModel, Repairer};

/// The visible text of a fixture source page: tags dropped, entities of
/// the few kinds the sources use decoded.
fn html_text(path: &str) -> String {
    let html = std::fs::read_to_string(path).expect("fixture source");
    let body = html.split("<body").nth(1).unwrap_or(&html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn bench(c: &mut Criterion) {
    let dict = repair::load(None).expect("built-in dictionaries");
    let ocr_eng = std::fs::read_to_string("fixtures/inputs/kh-1168-sgddt.ocr-eng.txt").unwrap();
    let clean = html_text("fixtures/src/qd-kiem-soat-tthc-phuong-hai-duong.html");
    let stripped = repair::strip_marks(&clean);
    let mut g = c.benchmark_group("repair");
    for (name, text, model) in [
        ("ocr-eng", &ocr_eng, OcrModel::Eng),
        ("stripped", &stripped, OcrModel::Vie),
        ("clean", &clean, OcrModel::Vie),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        // A new engine each time: it keeps the candidates of the words it
        // has seen, and a warm one would measure the cache.
        g.bench_function(name, |b| {
            b.iter(|| Repairer::new(&dict, model).repair_text(std::hint::black_box(text)))
        });
    }
    g.throughput(Throughput::Bytes(ocr_eng.len() as u64));
    g.bench_function("ocr-eng-explain", |b| {
        b.iter(|| Repairer::new(&dict, OcrModel::Eng).repair(std::hint::black_box(&ocr_eng)))
    });
    g.finish();
    c.bench_function("dictionary load", |b| {
        b.iter(|| repair::load(None).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
