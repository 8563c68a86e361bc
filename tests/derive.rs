//! `#[derive(Presign)]` end to end: the generated code signs exactly what the signer signs
//! by hand, refuses hostile placeholder values, and checks expiries.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use proptest::prelude::*;
use r2_presign::{
    BucketRef, Credentials, Endpoint, Error, Expiry, Method, Presign, PresignedRequest, Presigner,
};

const ACCOUNT: &str = "4ddf0767d2d26b8d33cf7ef6f411a163";

fn presigner() -> Presigner {
    Presigner::new(
        Credentials::new(
            "AKIA7HAF5WCSA6IETAW2",
            "zMNZjos+8cfNHXSZKF/ygR1VTww69+ogLlUyMabj",
        )
        .unwrap(),
        Endpoint::r2(ACCOUNT).unwrap(),
    )
}

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_764_612_312) // 2025-12-01T18:05:12Z
}

/// The example from the docs: a two-placeholder avatar upload.
#[derive(Presign)]
#[presign(
    bucket = "user-uploads",
    key = "avatars/{user_id}/{file_name}",
    method = "PUT",
    content_type = "image/png",
    max_expiry = "15m"
)]
struct AvatarUpload {
    user_id: u64,
    file_name: String,
}

#[derive(Presign)]
#[presign(
    bucket = "user-uploads",
    key = "avatars/{user_id}/{file_name}",
    method = "GET"
)]
struct AvatarDownload<'a> {
    user_id: u32,
    #[presign(download_filename)]
    file_name: &'a str,
}

#[derive(Presign)]
#[presign(
    bucket = "user-uploads",
    key = "avatars/{user_id}/{file_name}",
    method = "HEAD"
)]
struct AvatarHead {
    user_id: i64,
    file_name: Box<str>,
}

#[derive(Presign)]
#[presign(
    bucket = "user-uploads",
    key = "avatars/{user_id}/{file_name}",
    method = "DELETE",
    max_expiry = 60
)]
struct AvatarDelete {
    user_id: u8,
    file_name: std::borrow::Cow<'static, str>,
}

#[test]
fn associated_constants_describe_the_declaration() {
    assert_eq!(AvatarUpload::METHOD, Method::Put);
    assert_eq!(AvatarUpload::MAX_EXPIRY, Expiry::minutes(15));
    assert_eq!(AvatarUpload::KEY_TEMPLATE, "avatars/{user_id}/{file_name}");
    assert_eq!(AvatarUpload::BUCKET, BucketRef::Name("user-uploads"));
    assert_eq!(AvatarDownload::METHOD, Method::Get);
    assert_eq!(
        AvatarDownload::MAX_EXPIRY,
        Expiry::MAX,
        "the default is SigV4's 7 days"
    );
    assert_eq!(AvatarHead::METHOD, Method::Head);
    assert_eq!(AvatarDelete::METHOD, Method::Delete);
    assert_eq!(AvatarDelete::MAX_EXPIRY, Expiry::seconds(60));
}

fn same(derived: PresignedRequest, by_hand: PresignedRequest) {
    assert_eq!(derived.url(), by_hand.url());
    assert_eq!(derived.headers(), by_hand.headers());
    assert_eq!(derived.method(), by_hand.method());
    assert_eq!(derived.expires_at(), by_hand.expires_at());
}

#[test]
fn generated_presign_equals_the_signer_by_hand_for_all_four_methods() {
    let p = presigner();
    let e = Expiry::minutes(10);
    let up = AvatarUpload {
        user_id: 42,
        file_name: "me.png".into(),
    };
    assert_eq!(up.key().unwrap(), "avatars/42/me.png");
    same(
        up.presign_at(&p, e, now()).unwrap(),
        p.put("user-uploads", "avatars/42/me.png")
            .content_type("image/png")
            .sign_at(e, now())
            .unwrap(),
    );
    let down = AvatarDownload {
        user_id: 42,
        file_name: "me.png",
    };
    same(
        down.presign_at(&p, e, now()).unwrap(),
        p.get("user-uploads", "avatars/42/me.png")
            .response_content_disposition("attachment; filename=\"me.png\"")
            .sign_at(e, now())
            .unwrap(),
    );
    let head = AvatarHead {
        user_id: -7,
        file_name: "me.png".into(),
    };
    same(
        head.presign_at(&p, e, now()).unwrap(),
        p.head("user-uploads", "avatars/-7/me.png")
            .sign_at(e, now())
            .unwrap(),
    );
    let del = AvatarDelete {
        user_id: 255,
        file_name: "me.png".into(),
    };
    same(
        del.presign_at(&p, Expiry::seconds(60), now()).unwrap(),
        p.delete("user-uploads", "avatars/255/me.png")
            .sign_at(Expiry::seconds(60), now())
            .unwrap(),
    );
}

#[test]
fn expiry_above_the_max_is_a_typed_error_naming_both() {
    let up = AvatarUpload {
        user_id: 1,
        file_name: "a.png".into(),
    };
    let err = up
        .presign_at(&presigner(), Expiry::minutes(16), now())
        .unwrap_err();
    assert_eq!(
        err,
        Error::ExpiryExceedsMax {
            expiry: Duration::from_secs(960),
            max: Duration::from_secs(900)
        }
    );
    let text = err.to_string();
    assert!(text.contains("960") && text.contains("900"), "{text}");
    assert!(
        up.presign_at(&presigner(), Expiry::minutes(15), now())
            .is_ok()
    );
    // The signer's own range still applies below the max.
    assert!(matches!(
        up.presign_at(&presigner(), Expiry::seconds(0), now()),
        Err(Error::InvalidExpiry { .. })
    ));
}

#[test]
fn presign_in_checks_the_constant_and_signs() {
    let up = AvatarUpload {
        user_id: 1,
        file_name: "a.png".into(),
    };
    let req = up.presign_in::<900>(&presigner()).unwrap();
    assert!(req.url().contains("X-Amz-Expires=900&"));
}

/// Every field role at once.
#[derive(Presign)]
#[presign(
    bucket = "docs",
    key = "tenants/{tenant}/{path*}",
    method = "PUT",
    content_type = "application/pdf",
    cache_control = "private, max-age=600",
    content_disposition = "inline",
    storage_class = "STANDARD_IA",
    write_once,
    max_expiry = "1h"
)]
struct DocumentUpload {
    tenant: String,
    path: String,
    #[presign(content_length)]
    size: u64,
    #[presign(meta = "uploaded-by")]
    uploader: u32,
    #[presign(skip)]
    _note: Vec<u8>,
}

#[test]
fn every_field_role_signs_what_the_builder_would() {
    let p = presigner();
    let doc = DocumentUpload {
        tenant: "acme".into(),
        path: "2025/q4/report.pdf".into(),
        size: 123_456,
        uploader: 7,
        _note: vec![],
    };
    same(
        doc.presign_at(&p, Expiry::hours(1), now()).unwrap(),
        p.put("docs", "tenants/acme/2025/q4/report.pdf")
            .content_type("application/pdf")
            .cache_control("private, max-age=600")
            .content_disposition("inline")
            .storage_class("STANDARD_IA")
            .if_none_match("*")
            .content_length(123_456)
            .metadata("uploaded-by", "7")
            .sign_at(Expiry::hours(1), now())
            .unwrap(),
    );
}

#[test]
fn hostile_placeholder_values_are_refused() {
    let p = presigner();
    let cases = [
        ("", "is empty"),
        (".", "is `.` or `..`"),
        ("..", "is `.` or `..`"),
        ("../../admin/x", "contains `/`"),
        ("a/b", "contains `/`"),
        ("a\\b", "contains `\\`"),
        ("a\nb", "control character"),
        ("\u{0}", "control character"),
    ];
    for (name, why) in cases {
        let up = AvatarUpload {
            user_id: 1,
            file_name: name.into(),
        };
        let err = up.presign_at(&p, Expiry::minutes(1), now()).unwrap_err();
        match &err {
            Error::InvalidKeySegment {
                placeholder,
                reason,
            } => {
                assert_eq!(*placeholder, "file_name");
                assert!(reason.contains(why), "{name:?}: {reason}");
            }
            other => panic!("{name:?}: {other:?}"),
        }
        assert!(err.to_string().contains("{file_name}"), "{err}");
    }
    // Too long for S3 once rendered.
    let up = AvatarUpload {
        user_id: 1,
        file_name: "x".repeat(1020),
    };
    assert!(matches!(
        up.presign_at(&p, Expiry::minutes(1), now()),
        Err(Error::KeyTooLong { .. })
    ));
}

#[test]
fn multi_segment_placeholders_allow_slashes_but_not_escapes() {
    let p = presigner();
    let doc = |path: &str| DocumentUpload {
        tenant: "acme".into(),
        path: path.into(),
        size: 1,
        uploader: 1,
        _note: vec![],
    };
    assert_eq!(doc("a/b/c.pdf").key().unwrap(), "tenants/acme/a/b/c.pdf");
    for bad in ["", "/a", "a/", "a//b", "a/../b", "./a", "a/.."] {
        assert!(
            matches!(
                doc(bad).presign_at(&p, Expiry::minutes(1), now()),
                Err(Error::InvalidKeySegment {
                    placeholder: "path",
                    ..
                })
            ),
            "{bad:?}"
        );
    }
}

/// A run-time bucket, a generic field and a lifetime.
#[derive(Presign)]
#[presign(
    bucket_from = "exports",
    key = "{owner}/{name}.csv",
    method = "GET",
    max_expiry = "1d"
)]
struct Export<'a, Id: r2_presign::KeySegment> {
    owner: Id,
    name: &'a str,
}

struct UserId(u64);

impl r2_presign::KeySegment for UserId {
    fn write_segment(&self, out: &mut String) {
        out.push_str("user-");
        self.0.write_segment(out);
    }
}

#[test]
fn logical_buckets_generics_and_custom_segments() {
    let export = Export {
        owner: UserId(9),
        name: "march",
    };
    assert_eq!(Export::<UserId>::BUCKET, BucketRef::Logical("exports"));
    assert_eq!(export.key().unwrap(), "user-9/march.csv");
    let err = export
        .presign_at(&presigner(), Expiry::hours(1), now())
        .unwrap_err();
    assert_eq!(
        err,
        Error::UnknownBucket {
            name: "exports".into()
        }
    );
    let staging = presigner()
        .with_bucket("exports", "staging-exports")
        .unwrap();
    same(
        export
            .presign_at(&staging, Expiry::hours(1), now())
            .unwrap(),
        staging
            .get("staging-exports", "user-9/march.csv")
            .sign_at(Expiry::hours(1), now())
            .unwrap(),
    );
    let by_number = Export {
        owner: 17u16,
        name: "april",
    };
    assert_eq!(by_number.key().unwrap(), "17/april.csv");
}

mod runtime {
    //! A path to the runtime other than `::r2_presign`, as a renamed dependency would give.
    pub(crate) use r2_presign::*;
}

#[derive(Presign)]
#[presign(
    crate = "crate::runtime",
    bucket = "abc",
    key = "fixed/{id}",
    method = "GET"
)]
struct ThroughAnotherPath {
    id: u32,
}

#[derive(Presign)]
#[presign(bucket = "abc", key = "robots.txt", method = "GET")]
struct ConstantKey {}

#[test]
fn crate_override_and_constant_keys() {
    assert_eq!(ThroughAnotherPath { id: 3 }.key().unwrap(), "fixed/3");
    assert_eq!(ConstantKey {}.key().unwrap(), "robots.txt");
}

#[test]
fn download_filenames_are_quoted_safely() {
    let p = presigner();
    let req = AvatarDownload {
        user_id: 1,
        file_name: "résumé \"final\".pdf",
    }
    .presign_at(&p, Expiry::minutes(5), now())
    .unwrap();
    let by_hand = p
        .get("user-uploads", "avatars/1/résumé \"final\".pdf")
        .response_content_disposition(
            "attachment; filename=\"r_sum_ _final_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf",
        )
        .sign_at(Expiry::minutes(5), now())
        .unwrap();
    same(req, by_hand);
}

/// Resolves `.` and `..` segments as a URL parser would (RFC 3986 5.2.4).
fn normalize(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the value, a rendered key stays under `avatars/<id>/`: either the value is
    /// refused, or it is exactly one segment there, also after URL normalization.
    #[test]
    fn rendered_keys_never_leave_their_prefix(
        id in any::<u64>(),
        name in prop_oneof![
            "\\PC{0,20}",
            "[./\\\\]{0,8}",
            "(\\.\\./|\\./|/|[a-z]){0,10}",
            "(\\PC|[\\u{0}-\\u{1f}\\u{7f}-\\u{9f}]){0,12}",
        ],
    ) {
        let up = AvatarUpload { user_id: id, file_name: name.clone() };
        if let Ok(key) = up.key() {
            let prefix = format!("avatars/{id}/");
            prop_assert!(key.starts_with(&prefix), "{key}");
            let rest = &key[prefix.len()..];
            prop_assert_eq!(rest, name.as_str());
            prop_assert!(!rest.is_empty() && !rest.contains('/') && !rest.contains('\\'));
            prop_assert_eq!(normalize(&key), key.clone());
            let rooted = normalize(&format!("/{key}"));
            prop_assert!(rooted.starts_with(&format!("/{prefix}")), "{}", rooted);
        }
    }
}
