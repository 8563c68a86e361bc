//! Property tests: arbitrary input never panics, and every URL that comes out decodes back to
//! exactly the key that went in and agrees with the canonical request it was signed over.

use std::time::{Duration, UNIX_EPOCH};

use proptest::prelude::*;
use r2_presign::{AddressingStyle, Credentials, Endpoint, Expiry, Method, Presigner};

fn presigner(style: AddressingStyle) -> Presigner {
    Presigner::new(
        Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
            .unwrap()
            .with_session_token("tok+/=en")
            .unwrap(),
        Endpoint::custom("http://127.0.0.1:9000", "us-east-1")
            .unwrap()
            .with_style(style),
    )
}

fn decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::Get),
        Just(Method::Head),
        Just(Method::Put),
        Just(Method::Delete)
    ]
}

/// One generated request.
#[derive(Debug, Clone)]
struct Case {
    method: Method,
    bucket: String,
    key: String,
    header: Option<(String, String)>,
    query: Option<(String, String)>,
    expiry: u64,
    virtual_hosted: bool,
    dots: bool,
}

fn case() -> impl Strategy<Value = Case> {
    // Mostly valid shapes, so most cases reach the signer, plus arbitrary text everywhere.
    let bucket = prop_oneof![
        6 => "[a-z0-9][a-z0-9-]{1,30}[a-z0-9]",
        2 => "[a-z0-9]{1,8}(\\.[a-z0-9]{1,8}){1,3}",
        1 => "\\PC{0,70}",
    ];
    let key = prop_oneof![
        3 => "\\PC{1,80}",
        3 => "[a-z/.]{1,12}",
        3 => "(\\PC|[\u{0}-\u{1f}]){1,40}",
        3 => "[ +%~=&!*'()?#]{1,20}",
        1 => "[a-z]{1020,1030}",
    ];
    let header = proptest::option::of((
        prop_oneof![4 => "[a-zA-Z][a-zA-Z0-9-]{0,15}", 1 => "\\PC{0,20}"],
        prop_oneof![4 => "\\PC{0,30}", 1 => "(\\PC|[\t\r\n\u{0}]){0,30}"],
    ));
    let query = proptest::option::of(("\\PC{0,20}", "\\PC{0,30}"));
    let expiry = prop_oneof![8 => 1u64..=604_800, 1 => 0u64..700_000];
    (
        method(),
        bucket,
        key,
        header,
        query,
        expiry,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(method, bucket, key, header, query, expiry, virtual_hosted, dots)| Case {
                method,
                bucket,
                key,
                header,
                query,
                expiry,
                virtual_hosted,
                dots,
            },
        )
}

/// Signs `c`: `Ok(false)` when refused with an error, `Ok(true)` when signed and every
/// property holds.
fn check(c: &Case) -> Result<bool, TestCaseError> {
    let style = if c.virtual_hosted {
        AddressingStyle::VirtualHosted
    } else {
        AddressingStyle::Path
    };
    let p = presigner(style);
    let mut b = p
        .request(c.method, &c.bucket, &c.key)
        .allow_dot_segments(c.dots);
    if let Some((name, value)) = &c.header {
        b = b.header(name.as_str(), value.as_str());
    }
    if let Some((name, value)) = &c.query {
        b = b.query(name.as_str(), value.as_str());
    }
    let time = UNIX_EPOCH + Duration::from_secs(1_764_612_312);
    let Ok((req, trace)) = b.sign_traced_at(Expiry::seconds(c.expiry), time) else {
        return Ok(false);
    };
    let url = req.url();
    // Only visible ASCII: nothing a client could re-encode differently.
    prop_assert!(url.bytes().all(|b| b.is_ascii_graphic()), "{}", url);
    let rest = url.strip_prefix("http://").unwrap();
    let (host_path, query_str) = rest.split_once('?').unwrap();
    let slash = host_path.find('/').unwrap();
    let (host, path) = host_path.split_at(slash);
    let want_path = match style {
        AddressingStyle::Path => {
            prop_assert_eq!(host, "127.0.0.1:9000");
            format!("/{}/{}", c.bucket, c.key)
        }
        AddressingStyle::VirtualHosted => {
            prop_assert_eq!(host, format!("{}.127.0.0.1:9000", c.bucket));
            format!("/{}", c.key)
        }
    };
    prop_assert_eq!(decode(path), want_path.as_bytes());
    // The canonical URI and query are the URL's, byte for byte.
    let mut lines = trace.canonical_request.split('\n');
    prop_assert_eq!(lines.next(), Some(c.method.as_str()));
    prop_assert_eq!(lines.next(), Some(path));
    let (canonical_query, signature) = query_str.rsplit_once("&X-Amz-Signature=").unwrap();
    prop_assert_eq!(lines.next(), Some(canonical_query));
    prop_assert_eq!(signature, trace.signature.as_str());
    // Sorted by name then value.
    let pairs: Vec<(&str, &str)> = canonical_query
        .split('&')
        .map(|p| p.split_once('=').unwrap())
        .collect();
    let mut sorted = pairs.clone();
    sorted.sort_unstable();
    prop_assert_eq!(&pairs, &sorted);
    if let Some((name, value)) = &c.query {
        let found = pairs
            .iter()
            .any(|(n, v)| decode(n) == name.as_bytes() && decode(v) == value.as_bytes());
        prop_assert!(found, "extra parameter {:?} missing", name);
    }
    if let Some((name, value)) = &c.header {
        let listed = req
            .headers()
            .get(name.as_str())
            .map(http::HeaderValue::as_bytes);
        prop_assert_eq!(listed, Some(value.as_bytes()));
    }
    prop_assert_eq!(req.expires_at(), time + Duration::from_secs(c.expiry));
    Ok(true)
}

#[test]
fn any_input_is_signed_or_refused_without_panicking() {
    let config = ProptestConfig {
        cases: 3000,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let signed = std::sync::atomic::AtomicUsize::new(0);
    runner
        .run(&case(), |c| {
            if check(&c)? {
                signed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Ok(())
        })
        .unwrap();
    // The strategies must mostly reach the signer, or the properties prove little.
    let signed = signed.into_inner();
    assert!(signed > 1000, "only {signed} of 3000 cases were signed");
}
