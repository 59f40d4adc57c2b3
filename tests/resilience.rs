//! Hostile inputs, a full disk, and a batch killed midway: each bad input
//! gets a clear error of its own, the rest of the batch comes out right,
//! nothing hangs, no output is half-written and no input is changed.

mod common;

use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{bin, one_page, pdf, read_json, stderr, stream};
use serde_json::Value;

const PAGE_PNG: &str = "fixtures/inputs/kh-1168-sgddt.page1-png.png";
const BORN_DIGITAL: &str = "fixtures/inputs/kh-1168-sgddt.born-digital.pdf";
const OCR_TEXT: &str = "fixtures/inputs/kh-1168-sgddt.ocr-eng.txt";

fn deflate(len: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..len >> 20 {
        z.write_all(&chunk).unwrap();
    }
    z.finish().unwrap()
}

/// A PNG that declares `w`×`h` grey pixels; its data is whatever fits.
fn png_header(w: u32, h: u32, data: &[u8]) -> Vec<u8> {
    let chunk = common::png_chunk;
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(data).unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(b"IDAT", &z.finish().unwrap()));
    png.extend(chunk(b"IEND", b""));
    png
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walk(dir)
        .into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect();
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let t = e.file_type().unwrap();
        if t.is_dir() {
            out.extend(walk(&e.path()));
        } else if t.is_file() {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn hostile_files_fail_one_by_one_and_the_rest_come_out_right() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let p = |n: &str| src.path().join(n);
    let catalog = |pages: &str| {
        pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            pages.as_bytes().to_vec(),
        ])
    };
    std::fs::write(
        p("zero-pages.pdf"),
        catalog("<< /Type /Pages /Kids [] /Count 0 >>"),
    )
    .unwrap();
    // A page 200 m a side.
    std::fs::write(
        p("huge-page.pdf"),
        one_page("/MediaBox [0 0 14400 14400] /UserUnit 40", &[]),
    )
    .unwrap();
    // An image that declares 10^10 pixels and carries a hundred bytes.
    let draw = b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec();
    std::fs::write(
        p("image-bomb.pdf"),
        one_page(
            "/MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R",
            &[
                stream("", &draw),
                stream(
                    "/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 8",
                    &[0; 100],
                ),
            ],
        ),
    )
    .unwrap();
    // 160 KB of content stream that inflates to 160 MB.
    std::fs::write(
        p("flate-bomb.pdf"),
        one_page(
            "/MediaBox [0 0 595 842] /Contents 4 0 R",
            &[stream("/Filter /FlateDecode", &deflate(160 << 20))],
        ),
    )
    .unwrap();
    // The born-digital fixture with its xref pointer wrong: repaired by
    // reconstruction, so it must read like the original.
    let good = std::fs::read(BORN_DIGITAL).unwrap();
    let at = good.windows(9).rposition(|w| w == b"startxref").unwrap();
    let mut broken = good[..at].to_vec();
    broken.extend_from_slice(b"startxref\n999999\n%%EOF\n");
    std::fs::write(p("broken-xref.pdf"), broken).unwrap();
    std::fs::write(p("huge.png"), png_header(30000, 30000, &[0; 1000])).unwrap();
    std::fs::write(p("tiny.png"), png_header(1, 1, &[0, 255])).unwrap();
    std::fs::write(
        p("binary.txt"),
        (0..=255u8).cycle().take(4096).collect::<Vec<u8>>(),
    )
    .unwrap();
    // Odd names: a path through "..", NFD and non-Latin letters, spaces,
    // and a byte that is not UTF-8.
    let odd_dir = p("Kế hoạch – bản chụp ✓");
    std::fs::create_dir(&odd_dir).unwrap();
    std::fs::create_dir(p("sub")).unwrap();
    let nfd = "Ke\u{0302}\u{0301} hoa\u{0323}ch 2026 計画.txt";
    std::fs::copy(OCR_TEXT, odd_dir.join(nfd)).unwrap();
    let not_utf8 = std::ffi::OsStr::from_bytes(b"plan-\xff.txt");
    std::fs::copy(OCR_TEXT, odd_dir.join(not_utf8)).unwrap();
    // A folder with a dangling link and a pipe in it.
    let folder = p("folder");
    std::fs::create_dir(&folder).unwrap();
    std::os::unix::fs::symlink("/nonexistent/kehoach", folder.join("gone.pdf")).unwrap();
    let fifo = p("fifo.pdf");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);

    let before = snapshot(src.path());
    let via_dotdot = p("sub/../Kế hoạch – bản chụp ✓");
    let started = Instant::now();
    let o = bin()
        .args(["extract", "--progress", "never", "-o"])
        .arg(out.path())
        .args(
            [
                "zero-pages.pdf",
                "huge-page.pdf",
                "image-bomb.pdf",
                "flate-bomb.pdf",
                "broken-xref.pdf",
                "huge.png",
                "tiny.png",
                "binary.txt",
                "fifo.pdf",
                "folder",
            ]
            .map(&p),
        )
        .arg(&via_dotdot)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
    for (name, reason) in [
        ("zero-pages.pdf", "no pages"),
        ("huge-page.pdf", "larger than kehoach renders"),
        ("image-bomb.pdf", "100000×100000"),
        ("flate-bomb.pdf", "decompression bomb"),
        ("huge.png", "30000×30000 px is outside"),
        ("binary.txt", "not a document"),
        ("fifo.pdf", "not a regular file"),
        ("gone.pdf", "No such file"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(name) && l.contains(reason)),
            "no '{reason}' error for {name} in:\n{err}"
        );
    }
    assert!(
        err.contains("4 written") && err.contains("8 failed"),
        "{err}"
    );

    let reference = {
        let dir = tempfile::tempdir().unwrap();
        let o = common::extract(&[BORN_DIGITAL], dir.path(), &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        read_json(&dir.path().join("kh-1168-sgddt.born-digital.json"))
    };
    let repaired = read_json(&out.path().join("broken-xref.json"));
    for key in ["document", "tasks", "tables", "pages"] {
        assert_eq!(repaired[key], reference[key], "broken xref: {key} differs");
    }
    let tiny = read_json(&out.path().join("tiny.json"));
    assert_eq!(tiny["tasks"], Value::Array(vec![]));
    assert!(
        tiny["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "blank_page"),
        "{tiny}"
    );
    let odd = read_json(
        &out.path()
            .join(format!("{}.json", nfd.trim_end_matches(".txt"))),
    );
    assert_eq!(
        odd["source"]["file"].as_str().unwrap(),
        via_dotdot.join(nfd).to_str().unwrap(),
        "the input is named as it was given"
    );
    assert_eq!(odd["document"]["number"], "1168/KH-SGDĐT");
    assert!(
        out.path().join("plan-\u{FFFD}.json").exists(),
        "{:?}",
        names_in(out.path())
    );
    assert_eq!(names_in(out.path()).len(), 4, "{:?}", names_in(out.path()));
    assert!(snapshot(src.path()) == before, "an input was changed");
}

#[test]
fn turned_and_blank_scans() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let page = image::open(PAGE_PNG).unwrap().into_luma8();
    // Turned the way a scanner feeder turns them: upside down, and on its
    // side (the upright page is what the outputs must match).
    image::imageops::rotate180(&page)
        .save(src.path().join("upside-down.png"))
        .unwrap();
    image::imageops::rotate270(&page)
        .save(src.path().join("sideways.png"))
        .unwrap();
    page.save(src.path().join("upright.png")).unwrap();
    let mut blank = page.clone();
    blank.pixels_mut().for_each(|p| p.0 = [255]);
    blank.save(src.path().join("blank.png")).unwrap();
    let o = common::extract(&[src.path().to_str().unwrap()], out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let upright = read_json(&out.path().join("upright.json"));
    assert_eq!(
        upright["document"]["number"], "1168/KH-SGDĐT",
        "{}",
        upright["document"]
    );
    assert_eq!(upright["warnings"], Value::Array(vec![]));
    for (name, turn) in [("upside-down", 180), ("sideways", 90)] {
        let d = read_json(&out.path().join(format!("{name}.json")));
        assert_eq!(d["document"], upright["document"], "{name}");
        assert_eq!(d["pages"][0]["text"], upright["pages"][0]["text"], "{name}");
        let w = &d["warnings"][0];
        assert_eq!(w["code"], "page_turned", "{name}: {}", d["warnings"]);
        assert!(
            w["message"].as_str().unwrap().contains(&format!("{turn}°")),
            "{name}: {w}"
        );
    }
    let blank = read_json(&out.path().join("blank.json"));
    assert_eq!(blank["warnings"][0]["code"], "blank_page");
    assert_eq!(blank["pages"][0]["text"], "");
}

#[test]
fn a_full_disk_fails_the_file_and_leaves_nothing_half_written() {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = bin();
    cmd.args([
        "extract",
        "--progress",
        "never",
        OCR_TEXT,
        BORN_DIGITAL,
        "-o",
    ])
    .arg(out.path());
    // A 4 KB file-size limit: every write past it fails as on a full disk
    // (EFBIG rather than ENOSPC; both reach us as a failed write).
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: 4096,
                rlim_max: 4096,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let o = cmd.output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("cannot write output"))
            .count(),
        2,
        "{err}"
    );
    assert!(
        err.contains("0 written") && err.contains("2 failed"),
        "{err}"
    );
    assert_eq!(
        names_in(out.path()),
        Vec::<String>::new(),
        "no partial files"
    );
}

#[test]
fn a_batch_killed_midway_keeps_only_whole_outputs_and_resumes() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let inputs = [
        "fixtures/inputs/kh-1168-sgddt.scan-noisy.pdf",
        "fixtures/inputs/kh-1168-sgddt.page1-png.png",
        "fixtures/inputs/kh-1168-sgddt.fax-tiff.tif",
        OCR_TEXT,
    ];
    for (i, f) in inputs.iter().enumerate() {
        let name = Path::new(f).file_name().unwrap().to_string_lossy();
        std::fs::copy(f, src.path().join(format!("{i}-{name}"))).unwrap();
    }
    let start = || {
        bin()
            .args(["extract", "--progress", "never", "--jobs", "1", "-o"])
            .arg(out.path())
            .arg(src.path())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // Kill (SIGKILL) as soon as the first output is complete.
    let mut child = start();
    let deadline = Instant::now() + Duration::from_secs(120);
    let jsons = || {
        names_in(out.path())
            .into_iter()
            .filter(|n| n.ends_with(".json") && !n.starts_with('.'))
            .collect::<Vec<_>>()
    };
    while jsons().is_empty() {
        assert!(Instant::now() < deadline, "no output within 2 min");
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before the kill"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done = jsons();
    assert!(
        !done.is_empty() && done.len() < inputs.len(),
        "killed midway: {done:?}"
    );
    for n in &done {
        // Every output there is whole.
        read_json(&out.path().join(n));
    }
    // Plant what a kill during a write leaves: a temporary of a dead process.
    let stale = out
        .path()
        .join(".3-kh-1168-sgddt.ocr-eng.json.999999999.tmp");
    std::fs::write(&stale, b"{\"schema_ver").unwrap();

    let o = start().wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!("{} written", inputs.len() - done.len()))
            && err.contains(&format!("{} already current", done.len())),
        "{err}"
    );
    assert!(!stale.exists(), "stale temporary removed");
    let resumed = snapshot(out.path());
    assert_eq!(resumed.len(), inputs.len(), "{:?}", names_in(out.path()));

    // The same bytes as a run that was never interrupted.
    let clean = tempfile::tempdir().unwrap();
    let o = common::extract(
        &[src.path().to_str().unwrap()],
        clean.path(),
        &["--jobs", "1"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let uninterrupted = snapshot(clean.path());
    let strip = |v: Vec<(PathBuf, Vec<u8>)>| -> Vec<(String, Vec<u8>)> {
        v.into_iter()
            .map(|(p, b)| (p.file_name().unwrap().to_string_lossy().into_owned(), b))
            .collect()
    };
    assert!(
        strip(resumed) == strip(uninterrupted),
        "resumed outputs differ"
    );
}
