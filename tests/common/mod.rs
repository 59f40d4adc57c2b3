//! Helpers shared by the end-to-end tests: the real binary, run.

// Each test crate uses its own subset of these.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `kehoach extract INPUTS... -o OUT --progress never EXTRA...`
pub fn extract(inputs: &[&str], out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["extract"];
    args.extend_from_slice(inputs);
    args.extend([
        "-o",
        out.to_str().expect("UTF-8 temp path"),
        "--progress",
        "never",
    ]);
    args.extend_from_slice(extra);
    run(&args)
}
