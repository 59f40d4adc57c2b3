//! Any text laid out as lines through the document header parser: no
//! panic, and a date is ISO at the precision the text gives (year, month
//! or day) with parts in range.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let layout = kehoach::layout::from_plain_text(&text);
    let h = kehoach::header::parse(&layout.lines, 595.0);
    if let Some(d) = &h.issued_on {
        let parts: Vec<u32> = d.split('-').map(|p| p.parse().expect("digits")).collect();
        assert!(
            (1..=3).contains(&parts.len()) && parts[0] >= 1900,
            "date not ISO: {d}"
        );
        if let Some(&m) = parts.get(1) {
            assert!((1..=12).contains(&m), "month out of range: {d}");
        }
        if let Some(&day) = parts.get(2) {
            assert!((1..=31).contains(&day), "day out of range: {d}");
        }
    }
});
