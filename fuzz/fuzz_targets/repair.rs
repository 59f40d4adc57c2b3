//! Any text through the repair engine: no panic, line structure kept, and
//! the repaired text of already repaired text is stable in length of lines.
#![no_main]

use std::sync::OnceLock;

use kehoach::repair::{self, Dictionary, OcrModel, Repairer};
use libfuzzer_sys::fuzz_target;

fn dict() -> &'static Dictionary {
    static D: OnceLock<Dictionary> = OnceLock::new();
    D.get_or_init(|| repair::load(None).expect("built-in dictionaries"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&model, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let model = if model & 1 == 0 {
        OcrModel::Vie
    } else {
        OcrModel::Eng
    };
    let repairer = Repairer::new(dict(), model);
    let out = repairer.repair(&text);
    assert_eq!(
        out.text.lines().count(),
        text.lines().count(),
        "line count changed"
    );
    assert_eq!(repairer.repair_text(&text), out.text, "text alone differs");
});
