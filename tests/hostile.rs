//! Inputs that lie about themselves (issue 30): image sizes that only the
//! encoded data tells, a TIFF cut short, ink only in the alpha channel,
//! legacy Vietnamese fonts, pages stored turned, and the small cases of a
//! user's folder (CR-only text, `-o` naming a file, NFC and NFD names).
//! Each is generated here, cheaply, with the assertion a user would make.

mod common;

use std::io::Cursor;
use std::path::Path;

use common::{bin, one_page, pdf, read_json, stderr, stream};
use serde_json::Value;

const PAGE_PNG: &str = "fixtures/inputs/kh-1168-sgddt.page1-png.png";
const OCR_TEXT: &str = "fixtures/inputs/kh-1168-sgddt.ocr-eng.txt";

/// A page drawing image object 5 over the whole page; the image's
/// dictionary says 100×100 whatever its `data` says.
fn image_page(filter: &str, data: &[u8]) -> Vec<u8> {
    one_page(
        "/MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R",
        &[
            stream("", b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
            stream(
                &format!("/Type /XObject /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /{filter}"),
                data,
            ),
        ],
    )
}

/// An A4 page of Helvetica text lines (`bytes` as WinAnsi), turned by `rotate`.
fn text_page(lines: &[&[u8]], rotate: u32) -> Vec<u8> {
    let mut content = b"BT /F1 11 Tf 14 TL 60 780 Td\n".to_vec();
    for l in lines {
        content.push(b'(');
        content.extend_from_slice(l);
        content.extend_from_slice(b") Tj T*\n");
    }
    content.extend_from_slice(b"ET");
    one_page(
        &format!("/MediaBox [0 0 595 842] /Rotate {rotate} /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R"),
        &[
            stream("", &content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
                .to_vec(),
        ],
    )
}

fn codes(doc: &Value) -> Vec<String> {
    doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_string())
        .collect()
}

fn page_text(doc: &Value) -> String {
    doc["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn extract_dir(dir: &Path, out: &Path) -> std::process::Output {
    bin()
        .args(["extract", "--progress", "never", "-o"])
        .arg(out)
        .arg(dir)
        .output()
        .unwrap()
}

#[test]
fn image_sizes_are_read_from_the_encoded_data() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    // JBIG2: a page-information segment (type 48) of 60000×60000.
    let mut jbig2 = 0u32.to_be_bytes().to_vec();
    jbig2.extend([48, 0, 1]);
    jbig2.extend(19u32.to_be_bytes());
    jbig2.extend(60000u32.to_be_bytes());
    jbig2.extend(60000u32.to_be_bytes());
    jbig2.extend([0; 11]);
    // JPEG: a baseline SOF of 60000×60000 (0xEA60).
    let jpeg = [
        0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0xEA, 0x60, 0xEA, 0x60, 1, 1, 0x11, 0, 0xFF, 0xD9,
    ];
    std::fs::write(
        src.path().join("jbig2-bomb.pdf"),
        image_page("JBIG2Decode", &jbig2),
    )
    .unwrap();
    std::fs::write(
        src.path().join("jpeg-bomb.pdf"),
        image_page("DCTDecode", &jpeg),
    )
    .unwrap();
    std::fs::copy(OCR_TEXT, src.path().join("good.txt")).unwrap();
    let o = extract_dir(src.path(), out.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for (name, kind) in [
        ("jbig2-bomb.pdf", "Jbig2Decode"),
        ("jpeg-bomb.pdf", "DctDecode"),
    ] {
        assert!(
            err.lines()
                .any(|l| l.contains(name) && l.contains(kind) && l.contains("60000×60000")),
            "{name} not refused from its {kind} data:\n{err}"
        );
    }
    let good = read_json(&out.path().join("good.json"));
    assert_eq!(good["document"]["number"], "1168/KH-SGDĐT");
}

/// A two-page TIFF cut inside its second page: the first page is kept, the
/// second is a damaged page (not a blank one), the file counts as partial
/// and the run exits 1 so that a scheduler notices.
#[test]
fn a_tiff_cut_short_keeps_its_first_page_and_says_the_second_is_damaged() {
    use tiff::encoder::{colortype::Gray8, TiffEncoder};
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let (w, h) = (620u32, 877u32);
    let white = vec![255u8; (w * h) as usize];
    let mut bytes = Cursor::new(Vec::new());
    {
        let mut enc = TiffEncoder::new(&mut bytes).unwrap();
        enc.write_image::<Gray8>(w, h, &white).unwrap();
        enc.write_image::<Gray8>(w, h, &white).unwrap();
    }
    let whole = bytes.into_inner();
    let cut = &whole[..whole.len() - (w * h) as usize / 2];
    std::fs::write(src.path().join("cut.tif"), cut).unwrap();
    let o = extract_dir(src.path(), out.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("1 partial"), "{err}");
    let doc = read_json(&out.path().join("cut.json"));
    assert_eq!(doc["pages"].as_array().unwrap().len(), 2, "{doc}");
    let damaged: Vec<&Value> = doc["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "page_damaged")
        .collect();
    assert_eq!(damaged.len(), 1, "{doc}");
    assert_eq!(damaged[0]["page"], 2);
}

/// Black ink drawn only in the alpha channel (every colour channel 0, the
/// background transparent) is read as it shows on a white page.
#[test]
fn ink_only_in_the_alpha_channel_is_read() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let page = image::open(PAGE_PNG).unwrap().into_luma8();
    let top = image::imageops::crop_imm(&page, 0, 0, page.width(), page.height() / 4).to_image();
    let rgba = image::RgbaImage::from_fn(top.width(), top.height(), |x, y| {
        image::Rgba([0, 0, 0, 255 - top.get_pixel(x, y).0[0]])
    });
    rgba.save(src.path().join("alpha.png")).unwrap();
    let o = extract_dir(src.path(), out.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc = read_json(&out.path().join("alpha.json"));
    assert!(!codes(&doc).contains(&"blank_page".to_string()), "{doc}");
    let text = page_text(&doc);
    assert!(text.contains("1168"), "{text}");
}

/// A plan typed in the legacy TCVN3 (ABC) font encoding: its text layer
/// says "Thùc hiÖn kÕ ho¹ch"; the output says "Thực hiện kế hoạch" and
/// warns which encoding was converted.
#[test]
fn a_tcvn3_text_layer_is_converted_to_unicode() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let latin1 = |s: &str| s.chars().map(|c| c as u32 as u8).collect::<Vec<u8>>();
    let lines = [
        "Thùc hiÖn kÕ ho¹ch cña Uû ban nh©n d©n tØnh vÒ c«ng t¸c",
        "phßng chèng thiªn tai n¨m 2026, c¸c së, ban, ngµnh vµ",
        "Uû ban nh©n d©n c¸c huyÖn triÓn khai c¸c nhiÖm vô sau ®©y.",
    ]
    .map(latin1);
    let refs: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
    std::fs::write(src.path().join("tcvn3.pdf"), text_page(&refs, 0)).unwrap();
    let o = extract_dir(src.path(), out.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc = read_json(&out.path().join("tcvn3.json"));
    let text = page_text(&doc);
    for want in [
        "Thực hiện kế hoạch của",
        "phòng chống thiên tai năm 2026",
        "nhiệm vụ sau đây",
    ] {
        assert!(text.contains(want), "no '{want}' in:\n{text}");
    }
    assert!(
        codes(&doc).contains(&"legacy_encoding".to_string()),
        "{doc}"
    );
}

/// A born-digital page stored with `/Rotate` reads as the same page
/// stored upright.
#[test]
fn a_text_page_stored_turned_reads_as_the_upright_one() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let lines: [&[u8]; 4] = [
        b"KE HOACH trien khai cong tac nam 2026",
        b"1. Muc dich va yeu cau cua ke hoach",
        b"2. Noi dung cong viec va thoi han thuc hien",
        b"3. To chuc thuc hien va bao cao ket qua",
    ];
    for r in [0, 90, 180, 270] {
        std::fs::write(src.path().join(format!("r{r}.pdf")), text_page(&lines, r)).unwrap();
    }
    let o = extract_dir(src.path(), out.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let upright = page_text(&read_json(&out.path().join("r0.json")));
    assert!(upright.contains("Noi dung cong viec"), "{upright}");
    for r in [90, 180, 270] {
        let turned = page_text(&read_json(&out.path().join(format!("r{r}.json"))));
        assert_eq!(turned, upright, "/Rotate {r}");
    }
}

/// The small cases of an ordinary folder: a `.txt` with CR-only line ends
/// reads as its LF original; two names that differ only in Unicode
/// normal form get two outputs; `-o` naming a file says so plainly.
#[test]
fn cr_only_text_nfc_nfd_names_and_an_output_that_is_a_file() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(OCR_TEXT).unwrap();
    std::fs::write(src.path().join("cr.txt"), text.replace('\n', "\r")).unwrap();
    std::fs::write(src.path().join("k\u{1EBF} ho\u{1EA1}ch.txt"), &text).unwrap();
    std::fs::write(
        src.path().join("ke\u{0302}\u{0301} hoa\u{0323}ch.txt"),
        &text,
    )
    .unwrap();
    let o = extract_dir(src.path(), out.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cr = read_json(&out.path().join("cr.json"));
    assert_eq!(cr["document"]["number"], "1168/KH-SGDĐT");
    assert!(
        cr["document"]["title"].as_str().is_some(),
        "{}",
        cr["document"]
    );
    let outputs: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".json"))
        .collect();
    assert_eq!(outputs.len(), 3, "{outputs:?}");

    let file = out.path().join("cr.json");
    let o = bin()
        .args(["extract", "--progress", "never", "-o"])
        .arg(&file)
        .arg(src.path().join("cr.txt"))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_ne!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("is an existing file, not a folder"), "{err}");
    assert_eq!(err.matches("File exists").count(), 0, "{err}");
}

/// A PDF cut short (a download that stopped) keeps its page tree and
/// loses the objects after the cut: the page whose image is gone is a
/// damaged page, not a blank one, and the file counts as partial.
#[test]
fn a_pdf_cut_short_says_which_pages_lost_their_content() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let page = |n: usize| {
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im{n} {} 0 R >> >> /Contents {} 0 R >>", 6 + 2 * n, 5 + 2 * n)
            .into_bytes()
    };
    let draw = |n: usize| stream("", format!("q 595 0 0 842 0 0 cm /Im{n} Do Q").as_bytes());
    let white = stream(
        "/Type /XObject /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8",
        &[255; 10000],
    );
    let whole = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>".to_vec(),
        page(0),
        page(1),
        draw(0),
        white.clone(),
        draw(1),
        white,
    ]);
    // Objects 3 and 4 are the pages; the cut falls inside page 2's image.
    let at = whole.windows(7).rposition(|w| w == b"8 0 obj").unwrap();
    std::fs::write(src.path().join("cut.pdf"), &whole[..at + 200]).unwrap();
    let o = extract_dir(src.path(), out.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("1 partial"), "{err}");
    let doc = read_json(&out.path().join("cut.json"));
    let on = |code: &str| -> Vec<u64> {
        doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["code"] == code)
            .map(|w| w["page"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(on("page_damaged"), [2], "{doc}");
    assert_eq!(on("blank_page"), [1], "{doc}");
}

/// An RGB PNG of `w`×`h` white pixels: small on disk, large decoded.
fn white_rgb_png(w: u32, h: u32) -> Vec<u8> {
    use std::io::Write;
    let chunk = common::png_chunk;
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut row = vec![255u8; 1 + 3 * w as usize];
    row[0] = 0;
    for _ in 0..h {
        z.write_all(&row).unwrap();
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(b"IDAT", &z.finish().unwrap()));
    png.extend(chunk(b"IEND", b""));
    png
}

/// An input that kills the process reading it (here: an allocation
/// refused under a memory limit, which aborts) does not take the batch
/// down: it is named, the others are written, the run exits 1.
#[test]
fn an_input_that_kills_its_worker_is_named_and_the_batch_goes_on() {
    use std::os::unix::process::CommandExt;
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::copy(OCR_TEXT, src.path().join("a.txt")).unwrap();
    std::fs::copy(
        "fixtures/inputs/kh-1168-sgddt.born-digital.pdf",
        src.path().join("b.pdf"),
    )
    .unwrap();
    // 108 Mpx, inside the pixel limit: 324 MB decoded, over what is left
    // under a 500 MB address-space limit.
    std::fs::write(src.path().join("big.png"), white_rgb_png(9000, 12000)).unwrap();
    let mut cmd = bin();
    cmd.args(["extract", "--progress", "never", "--jobs", "2", "-o"])
        .arg(out.path())
        .arg(src.path())
        .env_remove("RUST_BACKTRACE");
    // SAFETY: setrlimit is async-signal-safe; nothing is allocated.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 500 << 20,
                rlim_max: 500 << 20,
            };
            libc::setrlimit(libc::RLIMIT_AS, &lim);
            Ok(())
        });
    }
    let o = cmd.output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.lines()
            .any(|l| l.contains("big.png") && l.contains("killed the worker process")),
        "{err}"
    );
    assert!(
        err.contains("2 written, 0 already current, 1 failed"),
        "{err}"
    );
    assert_eq!(
        read_json(&out.path().join("a.json"))["document"]["number"],
        "1168/KH-SGDĐT"
    );
    let b = read_json(&out.path().join("b.json"));
    assert_eq!(b["document"]["signer"], "Lương Văn Việt");
    assert_eq!(b["pages"].as_array().unwrap().len(), 2);
    assert!(!out.path().join("big.json").exists());
}

/// The top of the fixture's first page (its header block): a photo of a
/// page's top, cheap to OCR.
fn page_top() -> Vec<u8> {
    let img = image::open(PAGE_PNG).unwrap().into_luma8();
    let top = image::imageops::crop_imm(&img, 0, 0, img.width(), img.height() / 4).to_image();
    let mut out = Cursor::new(Vec::new());
    top.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn a_folder_given_as_one_document_reads_its_photos_as_pages_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("ke-hoach-chup");
    std::fs::create_dir(&doc).unwrap();
    std::fs::write(doc.join("IMG_10.png"), page_top()).unwrap();
    // Page 2 by name order: a photo cut short in transfer.
    std::fs::write(doc.join("IMG_9.jpg"), b"\xFF\xD8\xFF\xE0\0\x10JFIF cut").unwrap();
    std::fs::write(doc.join("IMG_2.png"), page_top()).unwrap();
    std::fs::write(doc.join("ghi-chu.txt"), "not a page").unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .args(["extract", "--document"])
        .arg(&doc)
        .arg("-o")
        .arg(&out)
        .args(["--progress", "never"])
        .output()
        .unwrap();
    // The broken photo is a damaged page: the rest is read, exit 1.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let j = read_json(&out.join("ke-hoach-chup.json"));
    let pages = j["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 3);
    assert!(pages[0]["text"].as_str().unwrap().contains("KẾ HOẠCH"));
    assert_eq!(pages[0]["text"], pages[2]["text"]);
    let damaged: Vec<&Value> = j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "page_damaged")
        .collect();
    assert_eq!(damaged.len(), 1);
    assert_eq!(damaged[0]["page"], 2);
    assert!(damaged[0]["message"]
        .as_str()
        .unwrap()
        .contains("IMG_9.jpg"));
    assert_eq!(j["document"]["number"], "1168/KH-SGDĐT");
    // A path that is no folder is named.
    let o = bin()
        .args(["extract", "--document", PAGE_PNG, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--document expects a folder"),
        "{}",
        stderr(&o)
    );
}
