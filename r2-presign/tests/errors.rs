//! Every rejected input gives its typed error, and no error or `Debug` output ever shows the
//! secret access key or the session token.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use r2_presign::{AddressingStyle, Credentials, Endpoint, Error, Expiry, Method, Presigner, sigv4};

const ACCOUNT: &str = "4ddf0767d2d26b8d33cf7ef6f411a163";
const SECRET: &str = "zMNZjos+8cfNHXSZKF/ygR1VTww69+ogLlUyMabj";
const TOKEN: &str = "u/o8eEigouJ7Gsalg/wt+/nTm9cM2TLtvGTQLSpPqF//YC7FSqohHDGzonxramJ=";

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_764_612_312)
}

fn creds() -> Credentials {
    Credentials::new("AKIA7HAF5WCSA6IETAW2", SECRET)
        .unwrap()
        .with_session_token(TOKEN)
        .unwrap()
}

fn r2() -> Presigner {
    Presigner::new(creds(), Endpoint::r2(ACCOUNT).unwrap())
}

/// Signs a GET of `key` in `bucket`.
fn get(p: &Presigner, bucket: &str, key: &str) -> Result<String, Error> {
    p.get(bucket, key)
        .sign_at(Expiry::hours(1), now())
        .map(|r| r.url().to_owned())
}

#[test]
fn bucket_names() {
    let p = r2();
    assert!(get(&p, "my-bucket", "k").is_ok());
    for bad in [
        "ab",
        "My-Bucket",
        "-bucket",
        "bucket-",
        "my_bucket",
        "my.bucket",
        "",
    ] {
        assert!(
            matches!(get(&p, bad, "k"), Err(Error::InvalidBucketName { ref bucket, .. }) if bucket == bad),
            "{bad:?}"
        );
    }
    let long = "a".repeat(64);
    assert!(matches!(
        get(&p, &long, "k"),
        Err(Error::InvalidBucketName { .. })
    ));
}

#[test]
fn virtual_hosted_style_refuses_a_dotted_bucket() {
    let endpoint = Endpoint::custom("https://s3.example.com", "us-east-1").unwrap();
    let path = Presigner::new(creds(), endpoint.clone());
    assert!(get(&path, "my.dotted.bucket", "k").is_ok());
    let vhost = Presigner::new(creds(), endpoint.with_style(AddressingStyle::VirtualHosted));
    assert_eq!(
        get(&vhost, "my.dotted.bucket", "k"),
        Err(Error::BucketNotDnsLabel {
            bucket: "my.dotted.bucket".into()
        })
    );
    let url = get(&vhost, "plain-bucket", "k").unwrap();
    assert!(
        url.starts_with("https://plain-bucket.s3.example.com/k?"),
        "{url}"
    );
}

#[test]
fn keys() {
    let p = r2();
    assert_eq!(get(&p, "bkt", ""), Err(Error::EmptyKey));
    assert!(get(&p, "bkt", &"k".repeat(1024)).is_ok());
    assert_eq!(
        get(&p, "bkt", &"k".repeat(1025)),
        Err(Error::KeyTooLong { len: 1025 })
    );
}

#[test]
fn dot_segments_are_refused_with_a_reason_unless_opted_in() {
    let p = r2();
    for key in ["a/../b", "./a", "a/.", ".."] {
        let err = get(&p, "bkt", key).unwrap_err();
        assert_eq!(err, Error::DotSegment { key: key.into() });
        assert!(err.to_string().contains("URL parsers remove"), "{err}");
        let url = p
            .get("bkt", key)
            .allow_dot_segments(true)
            .sign_at(Expiry::hours(1), now())
            .unwrap();
        assert!(url.url().contains(&format!("/bkt/{key}?")), "{}", url.url());
    }
}

#[test]
fn expiry_is_refused_at_both_ends_never_clamped() {
    let p = r2();
    for bad in [
        Expiry::seconds(0),
        Expiry::seconds(604_801),
        Expiry::days(30),
        Expiry::from(Duration::from_millis(2500)),
    ] {
        assert_eq!(
            p.get("bkt", "k").sign_at(bad, now()),
            Err(Error::InvalidExpiry {
                expiry: bad.as_duration()
            })
        );
    }
    for ok in [1, 604_800] {
        let req = p
            .get("bkt", "k")
            .sign_at(Expiry::seconds(ok), now())
            .unwrap();
        assert!(req.url().contains(&format!("X-Amz-Expires={ok}&")));
        assert_eq!(req.expires_at(), now() + Duration::from_secs(ok));
    }
    let err = p
        .get("bkt", "k")
        .sign_at(Duration::from_secs(604_801), now())
        .unwrap_err();
    assert!(err.to_string().contains("7 days"), "{err}");
}

#[test]
fn header_names_and_values() {
    let p = r2();
    let put = |name: &str, value: &str| {
        p.put("bkt", "k")
            .header(name.to_owned(), value.to_owned())
            .sign_at(Expiry::hours(1), now())
    };
    assert!(put("X-Amz-Meta-Camera", "  Leica   M6 ").is_ok());
    for bad in ["", "bad name", "colon:name", "naïve", "new\nline"] {
        assert_eq!(
            put(bad, "v").unwrap_err(),
            Error::InvalidHeaderName { name: bad.into() }
        );
    }
    for bad in ["a\r\nx-evil: 1", "a\nb", "a\rb", "nul\0"] {
        let err = put("x-amz-meta-a", bad).unwrap_err();
        assert_eq!(
            err,
            Error::InvalidHeaderValue {
                name: "x-amz-meta-a".into()
            }
        );
        assert!(
            !err.to_string().contains("evil"),
            "the value is not echoed: {err}"
        );
    }
    for reserved in [
        "Host",
        "authorization",
        "X-Amz-Date",
        "x-amz-security-token",
    ] {
        assert!(
            matches!(put(reserved, "v"), Err(Error::ReservedHeader { .. })),
            "{reserved}"
        );
    }
    let dup = p
        .put("bkt", "k")
        .content_type("image/png")
        .header("Content-Type", "image/jpeg")
        .sign_at(Expiry::hours(1), now());
    assert_eq!(
        dup,
        Err(Error::DuplicateHeader {
            name: "content-type".into()
        })
    );
}

#[test]
fn query_parameters() {
    let p = r2();
    for reserved in ["X-Amz-Signature", "x-amz-credential", "X-Amz-Expires", ""] {
        assert_eq!(
            p.get("bkt", "k")
                .query(reserved, "1")
                .sign_at(Expiry::hours(1), now()),
            Err(Error::ReservedQueryParameter {
                name: reserved.into()
            })
        );
    }
    assert_eq!(
        p.get("bkt", "k")
            .query("x-id", "GetObject")
            .query("x-id", "GetObject")
            .sign_at(Expiry::hours(1), now()),
        Err(Error::DuplicateQueryParameter {
            name: "x-id".into()
        })
    );
    for method in [Method::Put, Method::Delete] {
        assert_eq!(
            p.request(method, "bkt", "k")
                .response_content_disposition("attachment")
                .sign_at(Expiry::hours(1), now()),
            Err(Error::ResponseOverrideNotAllowed {
                name: "response-content-disposition".into(),
                method
            })
        );
    }
    for method in [Method::Get, Method::Head] {
        assert!(
            p.request(method, "bkt", "k")
                .response_content_type("text/plain")
                .sign_at(Expiry::hours(1), now())
                .is_ok()
        );
    }
}

#[test]
fn the_first_builder_error_is_the_one_reported() {
    let err = r2()
        .put("bkt", "k")
        .header("bad name", "v")
        .header("x-ok", "bad\nvalue")
        .sign_at(Expiry::seconds(0), now())
        .unwrap_err();
    assert_eq!(
        err,
        Error::InvalidHeaderName {
            name: "bad name".into()
        }
    );
}

#[test]
fn account_ids_endpoints_regions_and_times() {
    for bad in [
        "",
        "4ddf0767",
        "4ddf0767d2d26b8d33cf7ef6f411a16z",
        "4ddf0767d2d26b8d33cf7ef6f411a1630",
    ] {
        assert_eq!(
            Endpoint::r2(bad).unwrap_err(),
            Error::InvalidAccountId {
                account_id: bad.into()
            }
        );
    }
    assert!(matches!(
        Endpoint::custom("s3.example.com", "auto"),
        Err(Error::InvalidEndpoint { .. })
    ));
    assert!(matches!(
        Endpoint::custom("https://s3.example.com", ""),
        Err(Error::InvalidRegion { .. })
    ));
    let p = r2();
    assert_eq!(
        p.get("bkt", "k")
            .sign_at(Expiry::hours(1), UNIX_EPOCH - Duration::from_secs(1)),
        Err(Error::TimeOutOfRange)
    );
    assert_eq!(
        Credentials::new("id", "").unwrap_err(),
        Error::EmptyCredential {
            field: "secret access key"
        }
    );
}

#[test]
fn secrets_never_appear_in_debug_or_errors() {
    let c = creds();
    let p = Presigner::new(c.clone(), Endpoint::r2(ACCOUNT).unwrap());
    let req = p
        .put("bkt", "k")
        .content_type("image/png")
        .sign_at(Expiry::hours(1), now())
        .unwrap();
    let signature = req
        .url()
        .rsplit_once("X-Amz-Signature=")
        .unwrap()
        .1
        .to_owned();
    let mut texts = vec![
        format!("{c:?}"),
        format!("{c:#?}"),
        format!("{p:?}"),
        format!("{:?}", p.get("bkt", "k").content_type("x")),
        format!("{req:?}"),
    ];
    // One instance of every error the signer can return, through the public API.
    let errors: Vec<Error> = vec![
        get(&p, "BAD", "k").unwrap_err(),
        get(&p, "bkt", "").unwrap_err(),
        get(&p, "bkt", &"k".repeat(2000)).unwrap_err(),
        get(&p, "bkt", "../k").unwrap_err(),
        p.get("bkt", "k")
            .sign_at(Expiry::seconds(0), now())
            .unwrap_err(),
        p.get("bkt", "k")
            .sign_at(Expiry::hours(1), UNIX_EPOCH - Duration::from_secs(9))
            .unwrap_err(),
        p.get("bkt", "k")
            .header("a b", "v")
            .sign(Expiry::hours(1))
            .unwrap_err(),
        p.get("bkt", "k")
            .header("x-secret", format!("{SECRET}\n"))
            .sign(Expiry::hours(1))
            .unwrap_err(),
        p.get("bkt", "k")
            .header("host", "h")
            .sign(Expiry::hours(1))
            .unwrap_err(),
        p.get("bkt", "k")
            .header("a", "1")
            .header("a", "2")
            .sign(Expiry::hours(1))
            .unwrap_err(),
        p.get("bkt", "k")
            .query("X-Amz-Signature", SECRET)
            .sign(Expiry::hours(1))
            .unwrap_err(),
        p.get("bkt", "k")
            .query("a", "1")
            .query("a", SECRET)
            .sign(Expiry::hours(1))
            .unwrap_err(),
        p.put("bkt", "k")
            .response_content_type("x")
            .sign(Expiry::hours(1))
            .unwrap_err(),
        Endpoint::r2("nope").unwrap_err(),
        Endpoint::custom("ftp://x", "auto").unwrap_err(),
        Endpoint::custom("https://x", "").unwrap_err(),
        Endpoint::custom("https://s3.example.com", "auto")
            .unwrap()
            .with_style(AddressingStyle::VirtualHosted)
            .check_bucket("a.b.c")
            .unwrap_err(),
        Credentials::new("", SECRET).unwrap_err(),
        Credentials::from_lookup(|_| None).unwrap_err(),
        p.bucket("staging").unwrap_err(),
        sigv4::presign(
            &c,
            &sigv4::Request {
                method: "GET",
                origin: "https://example.com",
                path: "/",
                query: &[],
                headers: &[("x-a", "bad\r\n")],
                region: "us-east-1",
                service: "s3",
                payload_hash: sigv4::UNSIGNED_PAYLOAD,
                expires: Expiry::hours(1),
                time: now(),
            },
        )
        .unwrap_err(),
    ];
    for e in &errors {
        texts.push(e.to_string());
        texts.push(format!("{e:?}"));
    }
    for text in &texts {
        assert!(!text.contains(SECRET), "secret leaked: {text}");
        assert!(!text.contains(TOKEN), "token leaked: {text}");
        assert!(!text.contains(&signature), "signature leaked: {text}");
        assert!(!text.contains("u%2Fo8eEig"), "encoded token leaked: {text}");
    }
    // The URL itself, of course, carries the token and the signature.
    assert!(req.url().contains("X-Amz-Security-Token=u%2Fo8eEig"));
}
