//! Runs presigned-URL vectors (the JSONL schema of `r2-presign/tests/data/vectors/README.md`)
//! through r2-presign's public API and reports every vector that differs.
//!
//! ```text
//! cargo run --release --example conformance -- FILE.jsonl [FILE.jsonl ...]
//! ```
//!
//! Prints one line per mismatching stage (`<id>: <stage>: <detail>`), then exactly
//! `N passed, M failed`; exits 1 if any vector failed, 2 on a usage or I/O error.

#[path = "../r2-presign/tests/support/vectors.rs"]
mod vectors;

use std::process::ExitCode;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!(
            "usage: cargo run --release --example conformance -- FILE.jsonl [FILE.jsonl ...]"
        );
        return ExitCode::from(2);
    }
    let (mut passed, mut failed) = (0usize, 0usize);
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{file}: {e}");
                return ExitCode::from(2);
            }
        };
        for outcome in vectors::run_jsonl(&text) {
            if outcome.passed() {
                passed += 1;
            } else {
                failed += 1;
                for mismatch in &outcome.mismatches {
                    println!("{}: {mismatch}", outcome.id);
                }
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
