//! Runs presigned-URL vectors in the shared JSONL schema (`tests/data/vectors/README.md`)
//! through the public API, as a user would, and says which stage differs.
//!
//! Shared by the `vectors` integration test and the `conformance` example, so `cargo test`
//! and `cargo run --example conformance -- FILE.jsonl` judge a vector the same way.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use r2_presign::{AddressingStyle, Credentials, Endpoint, Expiry, Presigner};
use serde_json::Value;

/// What running one vector found.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// The vector's `id` (or its line number when it has none).
    pub(crate) id: String,
    /// One entry per stage that differs: `"<stage>: <detail>"`. Empty means it passed.
    pub(crate) mismatches: Vec<String>,
}

impl Outcome {
    pub(crate) fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// Runs every non-empty line of a JSONL text.
pub(crate) fn run_jsonl(text: &str) -> Vec<Outcome> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| run_line(line, i + 1))
        .collect()
}

/// Runs one vector (one JSON object).
pub(crate) fn run_line(line: &str, line_no: usize) -> Outcome {
    let fallback_id = format!("line {line_no}");
    let v: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => {
            return Outcome {
                id: fallback_id,
                mismatches: vec![format!("parse: not a JSON object: {e}")],
            };
        }
    };
    let id = v["id"].as_str().map_or(fallback_id, str::to_owned);
    let mismatches = match check(&v) {
        Ok(m) => m,
        Err(e) => vec![e],
    };
    Outcome { id, mismatches }
}

fn field<'v>(v: &'v Value, name: &str) -> Result<&'v str, String> {
    v[name]
        .as_str()
        .ok_or_else(|| format!("parse: field `{name}` is missing or not a string"))
}

/// The vector's key: `key_utf8_hex` when present (it cannot be mangled by JSON tooling).
fn key_of(v: &Value) -> Result<String, String> {
    if let Some(hex) = v["key_utf8_hex"].as_str() {
        let bytes = hex::decode(hex).map_err(|e| format!("parse: key_utf8_hex: {e}"))?;
        let key = String::from_utf8(bytes).map_err(|e| format!("parse: key_utf8_hex: {e}"))?;
        if v["key"].as_str().is_some_and(|plain| plain != key) {
            return Err("parse: `key` and `key_utf8_hex` disagree".into());
        }
        return Ok(key);
    }
    field(v, "key").map(str::to_owned)
}

fn check(v: &Value) -> Result<Vec<String>, String> {
    let refused = |e: r2_presign::Error| format!("refused: the signer returned an error: {e}");

    let mut creds = Credentials::new(field(v, "access_key_id")?, field(v, "secret_access_key")?)
        .map_err(refused)?;
    if let Some(token) = v["session_token"].as_str() {
        creds = creds.with_session_token(token).map_err(refused)?;
    }
    let region = field(v, "region")?;
    let endpoint_url = field(v, "endpoint")?;
    let r2_url = v["account_id"]
        .as_str()
        .map(|acct| format!("https://{acct}.r2.cloudflarestorage.com"));
    // An R2 account endpoint is built as R2 users build it. Anything else, including an
    // account id `Endpoint::r2` refuses (the Cloudflare docs' example id has 31 digits, not
    // 32), is signed for as a custom S3-compatible endpoint, which accepts any host.
    let r2 = match (&r2_url, v["account_id"].as_str()) {
        (Some(url), Some(acct)) if url == endpoint_url && region == "auto" => {
            Endpoint::r2(acct).ok()
        }
        _ => None,
    };
    let endpoint = match r2 {
        Some(endpoint) => endpoint,
        None => Endpoint::custom(endpoint_url, region).map_err(refused)?,
    };
    let style = match field(v, "style")? {
        "path" => AddressingStyle::Path,
        "virtual" => AddressingStyle::VirtualHosted,
        other => return Err(format!("parse: unknown style {other:?}")),
    };
    if v["service"].as_str().is_some_and(|s| s != "s3") {
        return Err("parse: only service `s3` can be presigned for objects".into());
    }
    let presigner = Presigner::new(creds, endpoint.with_style(style));
    let method = field(v, "method")?
        .parse()
        .map_err(|e| format!("refused: {e}"))?;
    let bucket = field(v, "bucket")?;
    let key = key_of(v)?;
    let mut builder = presigner
        .request(method, bucket, &key)
        .allow_dot_segments(true);
    if let Some(headers) = v["signed_header_values"].as_object() {
        for (name, value) in headers {
            if name.eq_ignore_ascii_case("host") {
                continue;
            }
            let value = value
                .as_str()
                .ok_or_else(|| format!("parse: header {name} is not a string"))?;
            builder = builder.header(name.as_str(), value);
        }
    }
    if let Some(params) = v["extra_query_params"].as_array() {
        for pair in params {
            let (Some(name), Some(value)) = (pair[0].as_str(), pair[1].as_str()) else {
                return Err("parse: extra_query_params holds a non-pair".into());
            };
            builder = builder.query(name, value);
        }
    }
    let expires = v["expires_in"]
        .as_u64()
        .ok_or("parse: expires_in is not a number")?;
    let time = parse_amz_date(field(v, "amz_date")?)?;
    let (req, trace) = builder
        .sign_traced_at(Expiry::seconds(expires), time)
        .map_err(refused)?;

    let mut out = Vec::new();
    compare(
        &mut out,
        "canonical_request",
        field(v, "canonical_request")?,
        &trace.canonical_request,
    );
    compare(
        &mut out,
        "string_to_sign",
        field(v, "string_to_sign")?,
        &trace.string_to_sign,
    );
    compare(
        &mut out,
        "signature",
        field(v, "signature")?,
        &trace.signature,
    );

    let (host, path, query) = split_url(req.url()).ok_or("url: not an absolute URL")?;
    let want_url = field(v, "url")?;
    let (want_host, want_path, want_query) =
        split_url(want_url).ok_or("parse: `url` is not an absolute URL")?;
    compare(&mut out, "url host", want_host, host);
    compare(&mut out, "url path", want_path, path);
    let mut got: Vec<&str> = query.split('&').collect();
    let mut want: Vec<&str> = want_query.split('&').collect();
    got.sort_unstable();
    want.sort_unstable();
    if got != want {
        let missing: Vec<_> = want.iter().filter(|p| !got.contains(p)).collect();
        let extra: Vec<_> = got.iter().filter(|p| !want.contains(p)).collect();
        out.push(format!(
            "url query: pairs differ; expected but absent {missing:?}, present but unexpected {extra:?}"
        ));
    }
    // Every signed header must be in the request's header list with the same value.
    if let Some(headers) = v["signed_header_values"].as_object() {
        for (name, value) in headers.iter().filter(|(n, _)| *n != "host") {
            let got: Option<&[u8]> = req.headers().get(name.as_str()).map(AsRef::as_ref);
            if got != value.as_str().map(str::as_bytes) {
                out.push(format!(
                    "headers: `{name}` is not listed with its signed value"
                ));
            }
        }
    }
    Ok(out)
}

fn compare(out: &mut Vec<String>, stage: &str, want: &str, got: &str) {
    if want == got {
        return;
    }
    let line = want
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| want.lines().count().min(got.lines().count()));
    let w = want.lines().nth(line).unwrap_or("<end>");
    let g = got.lines().nth(line).unwrap_or("<end>");
    out.push(format!(
        "{stage}: differs at line {}: expected {w:?}, got {g:?}",
        line + 1
    ));
}

/// `scheme://host/path?query` → (host, path, query), all raw.
fn split_url(url: &str) -> Option<(&str, &str, &str)> {
    let rest = url.split_once("://")?.1;
    let (authority_path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let slash = authority_path.find('/').unwrap_or(authority_path.len());
    Some((&authority_path[..slash], &authority_path[slash..], query))
}

/// `YYYYMMDDTHHMMSSZ` → the instant.
fn parse_amz_date(s: &str) -> Result<SystemTime, String> {
    let bad = || format!("parse: amz_date {s:?} is not YYYYMMDDTHHMMSSZ");
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|d| d.parse::<i64>().ok());
    let (y, m, d) = (
        num(0..4).ok_or_else(bad)?,
        num(4..6).ok_or_else(bad)?,
        num(6..8).ok_or_else(bad)?,
    );
    let (hh, mm, ss) = (
        num(9..11).ok_or_else(bad)?,
        num(11..13).ok_or_else(bad)?,
        num(13..15).ok_or_else(bad)?,
    );
    // days_from_civil (Howard Hinnant).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hh * 3600 + mm * 60 + ss;
    let secs = u64::try_from(secs).map_err(|_| bad())?;
    Ok(UNIX_EPOCH + Duration::from_secs(secs))
}
