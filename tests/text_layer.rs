//! A text layer is evidence, not truth: a scanned page (a page-size image)
//! whose text layer is invisible (OCRmyPDF's sandwich, here a forged one)
//! or only a signing stamp in a corner is OCR'd, and says so; the stamp
//! becomes a signature.

mod common;

use std::io::Write;
use std::path::Path;

use common::{pdf, stderr};
use serde_json::Value;

const PAGE_PNG: &str = "fixtures/inputs/kh-1168-sgddt.page1-png.png";

/// A one-page A4 PDF: the fixture scan filling the page, then `text` (a
/// content-stream fragment using font /F1, Helvetica) drawn over it.
fn scan_with_text(text: &str) -> Vec<u8> {
    let page = image::open(PAGE_PNG).unwrap().into_luma8();
    let (w, h) = page.dimensions();
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(page.as_raw()).unwrap();
    let pixels = z.finish().unwrap();
    let content = format!("q 595 0 0 842 0 0 cm /Im1 Do Q\n{text}");
    let stream = |dict: String, data: &[u8]| {
        let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        s.extend_from_slice(data);
        s.extend_from_slice(b"\nendstream");
        s
    };
    let objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >> >>".to_vec(),
        stream(String::new(), content.as_bytes()),
        stream(
            format!("/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"),
            &pixels,
        ),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    pdf(&objects)
}

fn read(dir: &Path, stem: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{stem}.json"))).unwrap())
        .unwrap()
}

#[test]
fn scans_under_invisible_or_stamp_text_are_read_from_the_scan() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    // A forged invisible layer (render mode 3) down the page.
    let forged: String = (0..40)
        .map(|i| {
            format!(
                "BT 3 Tr /F1 11 Tf 60 {} Td (So: 999/QD-XYZ KE HOACH gia mao) Tj ET\n",
                800 - 18 * i
            )
        })
        .collect();
    std::fs::write(src.path().join("sandwich.pdf"), scan_with_text(&forged)).unwrap();
    let stamp = "BT /F1 7 Tf 420 832 Td (Ky boi: SO GIAO DUC VA DAO TAO) Tj 0 -9 Td (Ngay ky: 03-03-2026 16:22:19 +07:00) Tj ET\n";
    std::fs::write(src.path().join("stamped.pdf"), scan_with_text(stamp)).unwrap();
    let o = common::extract(&[src.path().to_str().unwrap()], out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for (stem, code) in [
        ("sandwich", "text_layer_hidden"),
        ("stamped", "text_layer_partial"),
    ] {
        let d = read(out.path(), stem);
        assert_eq!(d["source"]["kind"], "pdf-scanned", "{stem}");
        assert_eq!(d["pages"][0]["source"], "ocr_over_text_layer", "{stem}");
        assert_eq!(
            d["document"]["number"], "1168/KH-SGDĐT",
            "{stem}: {}",
            d["document"]
        );
        let codes: Vec<&Value> = d["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| &w["code"])
            .collect();
        assert!(codes.contains(&&Value::from(code)), "{stem}: {codes:?}");
        assert!(
            !d["pages"][0]["text"].as_str().unwrap().contains("999"),
            "{stem}"
        );
    }
    let sigs = &read(out.path(), "stamped")["signatures"];
    assert_eq!(sigs.as_array().unwrap().len(), 1, "{sigs}");
    assert_eq!(sigs[0]["kind"], "signed");
    assert_eq!(sigs[0]["time"], "2026-03-03T16:22:19+07:00");
    assert_eq!(sigs[0]["page"], 1);
    assert_eq!(
        read(out.path(), "sandwich")["signatures"],
        Value::Array(vec![])
    );
}
