//! Conformance against independent oracles: every botocore and AWS JS SDK v3 vector must give
//! the same canonical request, string to sign, signature, URL host, path and query pairs.

#[path = "support/vectors.rs"]
mod support;

use std::path::{Path, PathBuf};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

fn run_file(name: &str, expected_count: usize) {
    let text = std::fs::read_to_string(data(name)).expect("vector file is readable");
    let outcomes = support::run_jsonl(&text);
    assert_eq!(outcomes.len(), expected_count, "vectors in {name}");
    let failures: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.passed())
        .map(|o| format!("{}:\n  {}", o.id, o.mismatches.join("\n  ")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} vectors in {name} failed:\n{}",
        failures.len(),
        outcomes.len(),
        failures.join("\n")
    );
}

#[test]
fn botocore_vectors() {
    run_file("vectors/botocore-presign.jsonl", 158);
}

#[test]
fn js_sdk_v3_vectors() {
    run_file("vectors/js-sdk-presign.jsonl", 69);
}

#[test]
fn botocore_hostile_input_vectors() {
    // Generated here with botocore (see data/generated/botocore_fuzz.py): control characters,
    // Unicode whitespace and zero-width characters in keys, tabs in header values.
    run_file("generated/botocore-fuzz.jsonl", 146);
}

#[test]
fn the_runner_reports_each_differing_stage() {
    // A vector whose expected signature, path and query were tampered with must fail at
    // exactly those stages, so a passing run means something.
    let text = std::fs::read_to_string(data("vectors/botocore-presign.jsonl")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let sig = v["signature"].as_str().unwrap().to_owned();
    let flipped = format!(
        "{}{}",
        if sig.starts_with('0') { '1' } else { '0' },
        &sig[1..]
    );
    v["signature"] = flipped.into();
    let url = v["url"]
        .as_str()
        .unwrap()
        .replace("X-Amz-Expires=", "X-Amz-Expires=1");
    v["url"] = url.replace("/my-bucket/", "/my-bucket/x").into();
    let outcome = support::run_line(&v.to_string(), 1);
    let stages: Vec<&str> = outcome
        .mismatches
        .iter()
        .map(|m| m.split(':').next().unwrap())
        .collect();
    assert_eq!(
        stages,
        ["signature", "url path", "url query"],
        "{outcome:?}"
    );

    let broken = support::run_line("{not json", 7);
    assert_eq!(broken.id, "line 7");
    assert!(broken.mismatches[0].starts_with("parse:"));
}

#[test]
fn the_cloudflare_docs_account_id_is_not_a_valid_account_id() {
    // `js-public-cf-docs-shape` copies the R2 docs' URL, whose account id has 31 digits; the
    // runner signs it through `Endpoint::custom`, because `Endpoint::r2` refuses the id.
    let err = r2_presign::Endpoint::r2("123456789abcdef0123456789abcdef").unwrap_err();
    assert!(matches!(err, r2_presign::Error::InvalidAccountId { .. }));
}

#[test]
fn vectors_are_unchanged() {
    // The vector files are copies of independent oracles' output; they are never edited.
    use sha2::{Digest, Sha256};
    let sums = std::fs::read_to_string(data("SHA256SUMS")).unwrap();
    let mut checked = 0;
    for line in sums.lines() {
        let (sum, path) = line.split_once("  ").expect("`sum  path` lines");
        let bytes = std::fs::read(data("vectors").join(path)).unwrap();
        assert_eq!(
            hex::encode(Sha256::digest(&bytes)),
            sum,
            "{path} was modified"
        );
        checked += 1;
    }
    assert!(checked > 300, "only {checked} files listed");
}
