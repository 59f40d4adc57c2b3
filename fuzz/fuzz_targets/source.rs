//! Any bytes as an input file: PDF, PNG, JPEG, TIFF or text. Identifying it
//! and loading its first pages must give a page or an error, never a panic
//! or an allocation the size of a declared (hostile) page.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = kehoach::source::Source::from_bytes(Path::new("fuzz.bin"), data.to_vec()) else {
        return;
    };
    for i in 0..src.page_count().min(3) {
        // A low resolution keeps each run fast; limits are in points anyway.
        let _ = src.load_page(i, 36);
    }
});
