//! The published AWS SigV4 test suite (query-string variants, via the low-level
//! [`r2_presign::sigv4`] entry point) and the S3 docs' presigned-URL example (via the
//! high-level [`r2_presign::Presigner`]), one assertion per stage.

use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use r2_presign::{AddressingStyle, Credentials, Endpoint, Expiry, Presigner, sigv4};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/vectors/aws-sigv4-suite/smithy-rs-aws-signing-test-suite/v4")
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{dir:?}/{file}: {e}"))
}

/// `%XX` → byte, for the request line of `request.txt` (a request target is percent-encoded).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(byte) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).expect("suite paths are UTF-8")
}

/// A `request.txt`: method, decoded path, decoded query pairs, headers (folded lines joined),
/// body.
struct RawRequest {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: String,
}

fn parse_request(text: &str) -> RawRequest {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let request_line = lines.next().unwrap();
    // The target may hold spaces (`GET /example space/ HTTP/1.1`).
    let (method, rest) = request_line.split_once(' ').unwrap();
    let target = rest.rsplit_once(' ').unwrap().0;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            // obs-fold: a continuation of the previous header's value.
            let last = headers.last_mut().unwrap();
            last.1.push(' ');
            last.1.push_str(line.trim());
        } else {
            let (name, value) = line.split_once(':').unwrap();
            headers.push((name.to_owned(), value.to_owned()));
        }
    }
    RawRequest {
        method: method.to_owned(),
        path: percent_decode(path),
        query,
        headers,
        body: body.to_owned(),
    }
}

/// Tests whose expected path is normalized (S3 never normalizes) or whose session token is
/// left out of the signature (S3 always signs it) do not apply to S3 presigning.
fn applies_to_s3(name: &str, context: &Value, path: &str) -> bool {
    if context["omit_session_token"].as_bool() == Some(true) {
        return false;
    }
    let normalizes = context["normalize"].as_bool() == Some(true);
    let changed_by_normalizing =
        path.contains("//") || path.split('/').any(|s| s == "." || s == "..");
    let negative_control = name.starts_with("double-");
    !(negative_control || normalizes && changed_by_normalizing)
}

fn sign_suite_case(dir: &Path) -> (String, r2_presign::SigningTrace) {
    let context: Value = serde_json::from_str(&read(dir, "context.json")).unwrap();
    let req = parse_request(&read(dir, "request.txt"));
    let c = &context["credentials"];
    let mut creds = Credentials::new(
        c["access_key_id"].as_str().unwrap(),
        c["secret_access_key"].as_str().unwrap(),
    )
    .unwrap();
    if let Some(token) = c["token"].as_str() {
        creds = creds.with_session_token(token).unwrap();
    }
    let host = req
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.trim().to_owned())
        .unwrap();
    let headers: Vec<(&str, &str)> = req
        .headers
        .iter()
        .filter(|(n, _)| !n.eq_ignore_ascii_case("host"))
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let query: Vec<(&str, &str)> = req
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let payload_hash = hex::encode(Sha256::digest(req.body.as_bytes()));
    let timestamp = context["timestamp"].as_str().unwrap();
    assert_eq!(
        timestamp, "2015-08-30T12:36:00Z",
        "the suite has one signing time"
    );
    sigv4::presign(
        &creds,
        &sigv4::Request {
            method: &req.method,
            origin: &format!("https://{host}"),
            path: &req.path,
            query: &query,
            headers: &headers,
            region: context["region"].as_str().unwrap(),
            service: context["service"].as_str().unwrap(),
            payload_hash: &payload_hash,
            expires: Expiry::seconds(context["expiration_in_seconds"].as_u64().unwrap()),
            time: UNIX_EPOCH + Duration::from_secs(1_440_938_160),
        },
    )
    .unwrap_or_else(|e| panic!("{dir:?}: {e}"))
}

#[test]
fn query_string_cases_that_apply_to_s3() {
    let mut ran = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(suite_dir()).unwrap().flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let dir = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !dir.join("query-canonical-request.txt").exists() {
            continue;
        }
        let context: Value = serde_json::from_str(&read(&dir, "context.json")).unwrap();
        let req = parse_request(&read(&dir, "request.txt"));
        if !applies_to_s3(&name, &context, &req.path) {
            continue;
        }
        let (url, trace) = sign_suite_case(&dir);
        assert_eq!(
            trace.canonical_request,
            read(&dir, "query-canonical-request.txt"),
            "{name}: canonical request"
        );
        assert_eq!(
            trace.string_to_sign,
            read(&dir, "query-string-to-sign.txt"),
            "{name}: string to sign"
        );
        assert_eq!(
            trace.signature,
            read(&dir, "query-signature.txt").trim(),
            "{name}: signature"
        );
        // The signed request line holds the same parameters (in another order).
        let signed = read(&dir, "query-signed-request.txt");
        let line = signed.lines().next().unwrap();
        let target = line.split_once(' ').unwrap().1.rsplit_once(' ').unwrap().0;
        let mut want: Vec<&str> = target.split_once('?').unwrap().1.split('&').collect();
        let mut got: Vec<&str> = url.split_once('?').unwrap().1.split('&').collect();
        want.retain(|p| p.starts_with("X-Amz-"));
        got.retain(|p| p.starts_with("X-Amz-"));
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want, "{name}: signed URL parameters");
        ran.push(name);
    }
    // 38 cases have a query variant; left out are the 6 whose path normalization changes
    // (`get-relative-normalized`, `get-slash-normalized`, ...) and `post-sts-header-after`.
    assert_eq!(ran.len(), 31, "applicable cases run: {ran:?}");
    for must in [
        "get-vanilla",
        "get-utf8",
        "get-slashes-unnormalized",
        "get-header-value-trim",
    ] {
        assert!(ran.iter().any(|r| r == must), "{must} did not run");
    }
}

#[test]
fn normalizing_and_double_encoding_cases_are_not_matched() {
    // S3 neither normalizes paths nor encodes them twice: a correct S3 signer must *not*
    // reproduce these canonical URIs.
    for (name, file, ours) in [
        (
            "get-slash-dot-slash-normalized",
            "query-canonical-request.txt",
            "/./",
        ),
        (
            "get-relative-relative-normalized",
            "query-canonical-request.txt",
            "/example1/example2/../..",
        ),
        (
            "double-encode-path",
            "header-canonical-request.txt",
            "/test/%40connections/JBDvjfGEIAMCERw%3D",
        ),
        (
            "double-url-encode",
            "header-canonical-request.txt",
            "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-west-2%3A892717189312%3Afunction%3Amy-rusty-fun/invocations",
        ),
    ] {
        let dir = suite_dir().join(name);
        let theirs = read(&dir, file).lines().nth(1).unwrap().to_owned();
        let req = parse_request(&read(&dir, "request.txt"));
        let creds =
            Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap();
        let (_, trace) = sigv4::presign(
            &creds,
            &sigv4::Request {
                method: &req.method,
                origin: "https://example.amazonaws.com",
                path: &req.path,
                query: &[],
                headers: &[],
                region: "us-east-1",
                service: "service",
                payload_hash: sigv4::EMPTY_SHA256,
                expires: Expiry::seconds(3600),
                time: UNIX_EPOCH + Duration::from_secs(1_440_938_160),
            },
        )
        .unwrap();
        let uri = trace.canonical_request.lines().nth(1).unwrap();
        assert_eq!(uri, ours, "{name}: our canonical URI");
        assert_ne!(uri, theirs, "{name}: matched a non-S3 rule");
    }
}

#[test]
fn s3_docs_presigned_get_example_byte_for_byte() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/vectors/aws-sigv4-suite/aws-s3-docs-presign-example.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let s = |k: &str| v[k].as_str().unwrap();
    let presigner = Presigner::new(
        Credentials::new(s("access_key_id"), s("secret_access_key")).unwrap(),
        Endpoint::custom("https://s3.amazonaws.com", s("region"))
            .unwrap()
            .with_style(AddressingStyle::VirtualHosted),
    );
    // 2013-05-24T00:00:00Z
    let time = UNIX_EPOCH + Duration::from_secs(1_369_353_600);
    let (req, trace) = presigner
        .get(s("bucket"), s("key"))
        .sign_traced_at(Expiry::seconds(v["expires_in"].as_u64().unwrap()), time)
        .unwrap();
    assert_eq!(trace.canonical_request, s("canonical_request"));
    assert_eq!(trace.string_to_sign, s("string_to_sign"));
    assert_eq!(trace.signature, s("signature"));
    // The docs emit parameters in canonical order with the signature last, as we do.
    assert_eq!(req.url(), s("url"));
    assert!(req.headers().is_empty());
    assert_eq!(req.expires_at(), time + Duration::from_secs(86_400));
}
