//! Any text laid out as lines through the document header parser.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let layout = kehoach::layout::from_plain_text(&text);
    let h = kehoach::header::parse(&layout.lines, 595.0);
    if let Some(d) = &h.issued_on {
        assert_eq!(d.len(), 10, "date not ISO: {d}");
    }
});
