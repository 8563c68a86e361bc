//! The high-level API: output shape, the shared signing cache, serde.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use r2_presign::{
    AddressingStyle, ChecksumAlgorithm, Credentials, Endpoint, Expiry, Jurisdiction, Method,
    Presigner,
};

const ACCOUNT: &str = "4ddf0767d2d26b8d33cf7ef6f411a163";

fn presigner() -> Presigner {
    Presigner::new(
        Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").unwrap(),
        Endpoint::r2(ACCOUNT).unwrap(),
    )
}

fn at(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

#[test]
fn presigner_is_shareable_between_threads() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Presigner>();
    assert_send_sync::<r2_presign::PresignedRequest>();
    assert_send_sync::<r2_presign::Error>();
}

#[test]
fn concurrent_signing_across_seconds_and_days_matches_fresh_presigners() {
    // Eight threads hammer one presigner with instants that keep evicting each other from
    // the cache; every URL must equal the one a fresh presigner makes.
    let shared = std::sync::Arc::new(presigner());
    let base = 1_764_633_590; // 2025-12-01T23:59:50Z: the date changes within the run
    let handles: Vec<_> = (0..8)
        .map(|t| {
            let shared = shared.clone();
            std::thread::spawn(move || {
                for i in 0..400u64 {
                    let now = at(base + (i * 7 + t) % 23);
                    let key = format!("k/{t}/{i}");
                    let got = shared
                        .get("bkt", &key)
                        .sign_at(Expiry::hours(1), now)
                        .unwrap();
                    let want = presigner()
                        .get("bkt", &key)
                        .sign_at(Expiry::hours(1), now)
                        .unwrap();
                    assert_eq!(got.url(), want.url());
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

#[test]
fn signed_headers_are_listed_sorted_with_values_as_given() {
    let req = presigner()
        .put("bkt", "k")
        .content_type("image/png")
        .metadata("Camera", "  Leica   M6 ")
        .if_none_match("*")
        .content_length(1234)
        .cache_control("max-age=60")
        .content_disposition("attachment")
        .storage_class("STANDARD_IA")
        .checksum(
            ChecksumAlgorithm::Sha256,
            "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=",
        )
        .sign_at(Expiry::minutes(15), at(1_764_612_312))
        .unwrap();
    let listed: Vec<(&str, &str)> = req
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str(), v.to_str().unwrap()))
        .collect();
    assert_eq!(
        listed,
        [
            ("cache-control", "max-age=60"),
            ("content-disposition", "attachment"),
            ("content-length", "1234"),
            ("content-type", "image/png"),
            ("if-none-match", "*"),
            (
                "x-amz-checksum-sha256",
                "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="
            ),
            ("x-amz-meta-camera", "  Leica   M6 "),
            ("x-amz-storage-class", "STANDARD_IA"),
        ]
    );
    assert!(req.url().contains(
        "X-Amz-SignedHeaders=cache-control%3Bcontent-disposition%3Bcontent-length%3Bcontent-type%3Bhost%3Bif-none-match%3Bx-amz-checksum-sha256%3Bx-amz-meta-camera%3Bx-amz-storage-class&"
    ));
    assert_eq!(req.method(), Method::Put);
    assert_eq!(req.expires_at(), at(1_764_612_312 + 900));
    assert!(!req.is_expired_at(at(1_764_612_312 + 899)));
    assert!(req.is_expired_at(at(1_764_612_312 + 900)));
    let map = http::HeaderMap::from(req.headers());
    assert_eq!(map["x-amz-meta-camera"], "  Leica   M6 ");
}

#[test]
fn endpoints_and_styles_shape_the_url() {
    let creds = || Credentials::new("AKIDEXAMPLE", "secret").unwrap();
    let now = at(1_764_612_312);
    let url = |endpoint: Endpoint| {
        Presigner::new(creds(), endpoint)
            .get("my-bucket", "a b/c")
            .sign_at(Expiry::hours(1), now)
            .unwrap()
            .url()
            .to_owned()
    };
    let r2 = Endpoint::r2(ACCOUNT).unwrap();
    assert!(url(r2.clone()).starts_with(&format!(
        "https://{ACCOUNT}.r2.cloudflarestorage.com/my-bucket/a%20b/c?"
    )));
    assert!(
        url(r2.with_style(AddressingStyle::VirtualHosted)).starts_with(&format!(
            "https://my-bucket.{ACCOUNT}.r2.cloudflarestorage.com/a%20b/c?"
        ))
    );
    let eu = Endpoint::r2_in(ACCOUNT, Jurisdiction::Eu).unwrap();
    assert!(url(eu).starts_with(&format!(
        "https://{ACCOUNT}.eu.r2.cloudflarestorage.com/my-bucket/"
    )));
    let minio = Endpoint::custom("http://127.0.0.1:9000", "us-east-1").unwrap();
    let minio_url = url(minio);
    assert!(minio_url.starts_with("http://127.0.0.1:9000/my-bucket/a%20b/c?"));
    assert!(minio_url.contains("%2Fus-east-1%2Fs3%2Faws4_request"));
    // R2 signs for region `auto`.
    assert!(url(Endpoint::r2(ACCOUNT).unwrap()).contains("%2Fauto%2Fs3%2Faws4_request"));
}

#[test]
fn session_tokens_are_signed() {
    let creds = Credentials::new("AKIDEXAMPLE", "secret")
        .unwrap()
        .with_session_token("tok+/=")
        .unwrap();
    let p = Presigner::new(creds, Endpoint::r2(ACCOUNT).unwrap());
    let (req, trace) = p
        .get("bkt", "k")
        .sign_traced_at(Expiry::hours(1), at(1_764_612_312))
        .unwrap();
    assert!(req.url().contains("&X-Amz-Security-Token=tok%2B%2F%3D&"));
    assert!(
        trace
            .canonical_request
            .contains("&X-Amz-Security-Token=tok%2B%2F%3D&")
    );
}

#[test]
fn logical_buckets_resolve_through_the_presigner() {
    let p = presigner()
        .with_bucket("uploads", "staging-uploads")
        .unwrap();
    assert_eq!(p.bucket("uploads"), Ok("staging-uploads"));
    assert_eq!(
        p.bucket("avatars"),
        Err(r2_presign::Error::UnknownBucket {
            name: "avatars".into()
        })
    );
    assert!(presigner().with_bucket("x", "Bad_Bucket").is_err());
}

#[cfg(feature = "serde")]
#[test]
fn serializes_for_a_browser_and_back() {
    let req = presigner()
        .put("bkt", "avatars/42.png")
        .content_type("image/png")
        .sign_at(Expiry::minutes(15), at(1_764_612_312))
        .unwrap();
    let json: serde_json::Value = serde_json::to_value(&req).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 4);
    for k in ["method", "url", "headers", "expires_at"] {
        assert!(keys.contains(&k), "{k} missing: {json}");
    }
    assert_eq!(json["method"], "PUT");
    assert_eq!(json["url"], req.url());
    assert_eq!(
        json["headers"],
        serde_json::json!({"content-type": "image/png"})
    );
    assert_eq!(json["expires_at"], "2025-12-01T18:20:12Z");
    let back: r2_presign::PresignedRequest = serde_json::from_value(json).unwrap();
    assert_eq!(back, req);
    let bad = serde_json::json!({"method": "POST", "url": "https://x/y", "headers": {}, "expires_at": "2025-12-01T18:20:12Z"});
    let err = serde_json::from_value::<r2_presign::PresignedRequest>(bad).unwrap_err();
    assert!(err.to_string().contains("no presigned POST"), "{err}");
}

#[test]
fn extra_parameters_interleave_with_the_authentication_ones_as_botocore_sorts_them() {
    // Canonical request and signature from botocore 1.43.11 (`S3SigV4QueryAuth`, clock frozen
    // at 2025-12-01T18:05:12Z) for this GET with the extras `A`, `X-Amz-B`, `X-Amz-F`, `Xb`
    // and `a`, which sort before, among and after the `X-Amz-*` parameters.
    let want_query = "A=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-B=2&\
        X-Amz-Credential=AKIDEXAMPLE%2F20251201%2Fauto%2Fs3%2Faws4_request&\
        X-Amz-Date=20251201T180512Z&X-Amz-Expires=3600&X-Amz-F=3&X-Amz-SignedHeaders=host&Xb=4&a=5";
    let (req, trace) = presigner()
        .get("my-bucket", "a b.txt")
        .query("a", "5")
        .query("Xb", "4")
        .query("X-Amz-F", "3")
        .query("X-Amz-B", "2")
        .query("A", "1")
        .sign_traced_at(Expiry::seconds(3600), at(1_764_612_312))
        .unwrap();
    assert_eq!(
        trace.canonical_request,
        format!(
            "GET\n/my-bucket/a%20b.txt\n{want_query}\n\
             host:{ACCOUNT}.r2.cloudflarestorage.com\n\nhost\nUNSIGNED-PAYLOAD"
        )
    );
    assert_eq!(
        trace.signature,
        "7ddb5ce306015f27ce32754974a6c9e462cea1d2dbf9699acb1952be9273fd80"
    );
    assert!(req.url().ends_with(&format!(
        "?{want_query}&X-Amz-Signature=7ddb5ce306015f27ce32754974a6c9e462cea1d2dbf9699acb1952be9273fd80"
    )));
    // Only extras after `X-Amz-Expires`: the first four parameters come from the per-second
    // cache and the rest still merge in order.
    let (_, trace) = presigner()
        .get("my-bucket", "a b.txt")
        .query("X-Amz-F", "3")
        .query("a", "5")
        .sign_traced_at(Expiry::seconds(3600), at(1_764_612_312))
        .unwrap();
    let query = trace.canonical_request.split('\n').nth(2).unwrap();
    assert!(
        query.ends_with("X-Amz-Expires=3600&X-Amz-F=3&X-Amz-SignedHeaders=host&a=5"),
        "{query}"
    );
}
