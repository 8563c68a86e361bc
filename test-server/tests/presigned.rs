//! The embedded server against the real signer: presigned URLs that must work do, and
//! tampered, expired or mis-sent ones get S3's error.

use std::time::{Duration, SystemTime};

use r2_presign::{Credentials, Endpoint, Expiry, PresignedRequest, Presigner};
use s3_test_server::S3Server;

const BUCKET: &str = "test-bucket";

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// What came back: status, the S3 error code (`<Code>` of the XML body, if any) and the body.
#[derive(Debug)]
struct Answer {
    status: u16,
    code: Option<String>,
    body: Vec<u8>,
}

async fn server() -> Result<S3Server, Box<dyn std::error::Error>> {
    Ok(S3Server::builder().bucket(BUCKET).start().await?)
}

fn presigner_for(server: &S3Server, secret: &str, region: &str) -> Presigner {
    Presigner::new(
        Credentials::new(server.access_key(), secret).expect("non-empty credentials"),
        Endpoint::custom(server.endpoint(), region).expect("a valid endpoint"),
    )
}

fn presigner(server: &S3Server) -> Presigner {
    presigner_for(server, server.secret_key(), server.region())
}

/// Sends `req` to `url` with its signed headers, plus `extra` headers, and `body`.
async fn send_to(
    req: &PresignedRequest,
    url: &str,
    extra: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> Result<Answer, reqwest::Error> {
    let client = reqwest::Client::new();
    let method =
        reqwest::Method::from_bytes(req.method().as_str().as_bytes()).expect("a standard method");
    let mut builder = client.request(method, url);
    for (name, value) in req.headers().iter() {
        if !extra
            .iter()
            .any(|(n, _)| name.as_str().eq_ignore_ascii_case(n))
        {
            builder = builder.header(name, value);
        }
    }
    for (name, value) in extra {
        builder = builder.header(*name, *value);
    }
    if let Some(body) = body {
        builder = builder.body(body);
    }
    let response = builder.send().await?;
    let status = response.status().as_u16();
    let body = response.bytes().await?.to_vec();
    let text = String::from_utf8_lossy(&body);
    let code = text
        .split_once("<Code>")
        .and_then(|(_, rest)| rest.split_once("</Code>"))
        .map(|(code, _)| code.to_owned());
    Ok(Answer { status, code, body })
}

async fn send(req: &PresignedRequest, body: Option<Vec<u8>>) -> Result<Answer, reqwest::Error> {
    send_to(req, req.url(), &[], body).await
}

fn assert_rejected(answer: &Answer, status: u16, code: &str) {
    assert_eq!(
        (answer.status, answer.code.as_deref()),
        (status, Some(code)),
        "body: {}",
        String::from_utf8_lossy(&answer.body)
    );
}

#[tokio::test]
async fn put_get_head_delete_round_trip() -> TestResult {
    let server = server().await?;
    let p = presigner(&server);
    let data = b"\x89PNG not really, but bytes\x00\xff".to_vec();

    let put = p
        .put(BUCKET, "photos/cat.png")
        .content_type("image/png")
        .sign(Expiry::minutes(5))?;
    let answer = send(&put, Some(data.clone())).await?;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(server.root().join(BUCKET).join("photos/cat.png").is_file());

    let get = p.get(BUCKET, "photos/cat.png").sign(Expiry::minutes(5))?;
    let answer = send(&get, None).await?;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body, data);

    let head = p.head(BUCKET, "photos/cat.png").sign(Expiry::minutes(5))?;
    let client = reqwest::Client::new();
    let response = client.head(head.url()).send().await?;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-length"], data.len().to_string());
    assert_eq!(response.headers()["content-type"], "image/png");

    let delete = p
        .delete(BUCKET, "photos/cat.png")
        .sign(Expiry::minutes(5))?;
    assert_eq!(send(&delete, None).await?.status, 204);
    assert_rejected(&send(&get, None).await?, 404, "NoSuchKey");
    let response = client.head(head.url()).send().await?;
    assert_eq!(response.status().as_u16(), 404);

    server.shutdown().await?;
    Ok(())
}

#[tokio::test]
async fn response_overrides_are_applied() -> TestResult {
    let server = server().await?;
    let p = presigner(&server);
    let put = p.put(BUCKET, "report.pdf").sign(Expiry::minutes(5))?;
    assert_eq!(send(&put, Some(b"%PDF".to_vec())).await?.status, 200);
    let get = p
        .get(BUCKET, "report.pdf")
        .response_content_disposition("attachment; filename=\"r.pdf\"")
        .response_content_type("application/pdf")
        .sign(Expiry::minutes(5))?;
    let response = reqwest::get(get.url()).await?;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"r.pdf\""
    );
    assert_eq!(response.headers()["content-type"], "application/pdf");
    Ok(())
}

/// Changes the first hex digit of `X-Amz-Signature`.
fn flip_signature_digit(url: &str) -> String {
    let at = url.find("X-Amz-Signature=").expect("a signature") + "X-Amz-Signature=".len();
    let old = url.as_bytes()[at];
    let new = if old == b'0' { '1' } else { '0' };
    format!("{}{}{}", &url[..at], new, &url[at + 1..])
}

#[tokio::test]
async fn a_changed_signature_digit_is_rejected() -> TestResult {
    let server = server().await?;
    let get = presigner(&server)
        .get(BUCKET, "anything")
        .sign(Expiry::minutes(5))?;
    let tampered = flip_signature_digit(get.url());
    assert_ne!(tampered, get.url());
    assert_rejected(
        &send_to(&get, &tampered, &[], None).await?,
        403,
        "SignatureDoesNotMatch",
    );
    Ok(())
}

#[tokio::test]
async fn a_raised_expiry_is_rejected() -> TestResult {
    let server = server().await?;
    let get = presigner(&server)
        .get(BUCKET, "anything")
        .sign(Expiry::minutes(5))?;
    assert!(get.url().contains("X-Amz-Expires=300&"));
    let raised = get
        .url()
        .replace("X-Amz-Expires=300&", "X-Amz-Expires=3000&");
    assert_rejected(
        &send_to(&get, &raised, &[], None).await?,
        403,
        "SignatureDoesNotMatch",
    );
    Ok(())
}

#[tokio::test]
async fn a_wrong_secret_is_rejected() -> TestResult {
    let server = server().await?;
    let put = presigner_for(&server, "not-the-secret", server.region())
        .put(BUCKET, "k")
        .sign(Expiry::minutes(5))?;
    assert_rejected(
        &send(&put, Some(b"x".to_vec())).await?,
        403,
        "SignatureDoesNotMatch",
    );
    assert!(!server.root().join(BUCKET).join("k").exists());
    Ok(())
}

#[tokio::test]
async fn an_unknown_access_key_is_rejected() -> TestResult {
    let server = server().await?;
    let get = Presigner::new(
        Credentials::new("someone-else", server.secret_key())?,
        Endpoint::custom(server.endpoint(), server.region())?,
    )
    .get(BUCKET, "k")
    .sign(Expiry::minutes(5))?;
    // s3s says NotSignedUp where S3 says InvalidAccessKeyId.
    assert_rejected(&send(&get, None).await?, 403, "NotSignedUp");
    Ok(())
}

#[tokio::test]
async fn an_expired_url_is_rejected() -> TestResult {
    let server = server().await?;
    let p = presigner(&server);
    let put = p.put(BUCKET, "k").sign(Expiry::seconds(1))?;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_rejected(&send(&put, Some(b"x".to_vec())).await?, 403, "AccessDenied");

    // The same without sleeping: signed ten minutes ago for five.
    let past = SystemTime::now() - Duration::from_secs(600);
    let get = p.get(BUCKET, "k").sign_at(Expiry::minutes(5), past)?;
    let answer = send(&get, None).await?;
    assert_rejected(&answer, 403, "AccessDenied");
    assert!(String::from_utf8_lossy(&answer.body).contains("Request has expired"));
    Ok(())
}

#[tokio::test]
async fn a_url_from_the_future_is_rejected_past_15_minutes_of_skew() -> TestResult {
    let server = server().await?;
    let p = presigner(&server);
    let soon = SystemTime::now() + Duration::from_secs(600);
    let put = p.put(BUCKET, "k").sign_at(Expiry::minutes(5), soon)?;
    assert_eq!(send(&put, Some(b"x".to_vec())).await?.status, 200);
    let later = SystemTime::now() + Duration::from_secs(1200);
    let get = p.get(BUCKET, "k").sign_at(Expiry::minutes(5), later)?;
    assert_rejected(&send(&get, None).await?, 403, "RequestTimeTooSkewed");
    Ok(())
}

#[tokio::test]
async fn the_region_is_not_checked() -> TestResult {
    let server = server().await?;
    for region in ["auto", "us-east-1", "eu-west-3"] {
        let put = presigner_for(&server, server.secret_key(), region)
            .put(BUCKET, region)
            .sign(Expiry::minutes(5))?;
        assert_eq!(
            send(&put, Some(b"x".to_vec())).await?.status,
            200,
            "{region}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_signed_header_sent_with_another_value_is_rejected() -> TestResult {
    let server = server().await?;
    let put = presigner(&server)
        .put(BUCKET, "avatar")
        .content_type("image/png")
        .sign(Expiry::minutes(5))?;
    let answer = send_to(
        &put,
        put.url(),
        &[("content-type", "text/plain")],
        Some(b"x".to_vec()),
    )
    .await?;
    assert_rejected(&answer, 403, "SignatureDoesNotMatch");
    assert!(!server.root().join(BUCKET).join("avatar").exists());

    // Left out entirely: also a mismatch (the signed value is compared with "").
    let client = reqwest::Client::new();
    let response = client.put(put.url()).body("x").send().await?;
    assert_eq!(response.status().as_u16(), 403);
    let body = response.text().await?;
    assert!(
        body.contains("<Code>SignatureDoesNotMatch</Code>"),
        "{body}"
    );

    // As signed: accepted.
    assert_eq!(send(&put, Some(b"x".to_vec())).await?.status, 200);
    Ok(())
}

#[tokio::test]
async fn an_unsigned_extra_header_is_ignored() -> TestResult {
    let server = server().await?;
    let put = presigner(&server)
        .put(BUCKET, "k")
        .sign(Expiry::minutes(5))?;
    let answer = send_to(
        &put,
        put.url(),
        &[("content-type", "text/plain")],
        Some(b"x".to_vec()),
    )
    .await?;
    assert_eq!(answer.status, 200, "{answer:?}");
    Ok(())
}

#[tokio::test]
async fn awkward_keys_round_trip() -> TestResult {
    let server = server().await?;
    let p = presigner(&server);
    let keys = [
        "with space.txt",
        "dir with space/file name",
        "plus+sign",
        "percent%41literal",
        "100%",
        "tilde~name",
        "eq=and&amp",
        "bang!star*quote'paren()",
        "caf\u{e9}-nfc",
        "cafe\u{301}-nfd",
        "emoji-\u{1f600}-\u{1f44d}\u{1f3fd}",
        "a//b",
        "trailing-dot.",
        "semi;colon,comma:colon@at$dollar",
        "brackets[]{}^`|\\\"<>#?",
    ];
    for key in keys {
        let body = format!("contents of {key}").into_bytes();
        let put = p.put(BUCKET, key).sign(Expiry::minutes(5))?;
        let answer = send(&put, Some(body.clone())).await?;
        assert_eq!(answer.status, 200, "PUT {key:?}: {answer:?}");
        let get = p.get(BUCKET, key).sign(Expiry::minutes(5))?;
        let answer = send(&get, None).await?;
        assert_eq!(answer.status, 200, "GET {key:?}: {answer:?}");
        assert_eq!(answer.body, body, "GET {key:?}");
    }
    // NFC and NFD spellings are different keys, hence different files.
    let nfc = p.get(BUCKET, "caf\u{e9}-nfc").sign(Expiry::minutes(5))?;
    let nfd_named_nfc = p.get(BUCKET, "cafe\u{301}-nfc").sign(Expiry::minutes(5))?;
    assert_eq!(send(&nfc, None).await?.status, 200);
    assert_rejected(&send(&nfd_named_nfc, None).await?, 404, "NoSuchKey");
    Ok(())
}

/// Not S3's behavior but s3s-fs's (objects are files), pinned here so a change shows up.
#[tokio::test]
async fn keys_the_file_system_cannot_hold() -> TestResult {
    let server = server().await?;
    let p = presigner(&server);
    let put = |key: &str| p.put(BUCKET, key).sign(Expiry::minutes(5));

    // A leading `/`: the path `/bucket//key`.
    let answer = send(&put("//leading")?, Some(b"x".to_vec())).await?;
    assert_rejected(&answer, 500, "InternalError");

    // Each object also gets `.bucket-{b64(bucket)}.object-{b64(key)}.metadata.json` (and
    // `.internal.json`) in the root, a file name that must fit in 255 bytes: with this
    // bucket's 15 base64 characters, a key of at most 157 bytes.
    let b64_len = |n: usize| (n * 4).div_ceil(3);
    let max_key = (0..1024)
        .take_while(|&n| {
            ".bucket-.object-.metadata.json".len() + b64_len(BUCKET.len()) + b64_len(n) <= 255
        })
        .last()
        .unwrap_or(0);
    assert_eq!(max_key, 157);
    let answer = send(&put(&"k".repeat(max_key))?, Some(b"x".to_vec())).await?;
    assert_eq!(answer.status, 200, "{answer:?}");
    let answer = send(&put(&"k".repeat(max_key + 1))?, Some(b"x".to_vec())).await?;
    assert_rejected(&answer, 500, "InternalError");
    // So a 1004-byte key of 200-byte segments fails too.
    let deep = vec!["z".repeat(200); 5].join("/");
    let answer = send(&put(&deep)?, Some(b"x".to_vec())).await?;
    assert_rejected(&answer, 500, "InternalError");
    // And a 256-byte segment, which could not be a file name anyway.
    let answer = send(&put(&"x".repeat(256))?, Some(b"x".to_vec())).await?;
    assert_rejected(&answer, 500, "InternalError");
    Ok(())
}

#[tokio::test]
async fn create_bucket_and_custom_credentials() -> TestResult {
    let dir = tempfile::tempdir()?;
    let server = S3Server::builder()
        .access_key("my-key")
        .secret_key("my-secret")
        .root(dir.path().join("data"))
        .start()
        .await?;
    assert_eq!(server.access_key(), "my-key");
    assert!(server.endpoint().starts_with("http://127.0.0.1:"));
    let p = presigner(&server);

    let get = p.get("late-bucket", "k").sign(Expiry::minutes(5))?;
    // Quirk: S3 would say NoSuchBucket; s3s-fs only looks for the object's file.
    assert_rejected(&send(&get, None).await?, 404, "NoSuchKey");
    server.create_bucket("late-bucket")?;
    server.create_bucket("late-bucket")?; // idempotent
    assert!(server.create_bucket("Bad_Name").is_err());
    let put = p.put("late-bucket", "k").sign(Expiry::minutes(5))?;
    assert_eq!(send(&put, Some(b"x".to_vec())).await?.status, 200);
    assert_eq!(send(&get, None).await?.status, 200);

    // Quirk: s3s-fs makes the bucket's directory on PUT, so a PUT never answers NoSuchBucket.
    let put = p.put("never-created", "k").sign(Expiry::minutes(5))?;
    assert_eq!(send(&put, Some(b"x".to_vec())).await?.status, 200);

    let root = server.root().to_owned();
    drop(server);
    // A root the caller chose is kept.
    assert!(root.join("late-bucket").join("k").is_file());
    Ok(())
}

#[tokio::test]
async fn dropping_or_shutting_down_stops_and_cleans_up() -> TestResult {
    let server = S3Server::start().await?;
    let (root, endpoint) = (server.root().to_owned(), server.endpoint().to_owned());
    assert!(root.is_dir());
    server.shutdown().await?;
    assert!(!root.exists());
    assert!(reqwest::get(&endpoint).await.is_err(), "still listening");

    let server = S3Server::start().await?;
    let (root, endpoint) = (server.root().to_owned(), server.endpoint().to_owned());
    drop(server);
    assert!(!root.exists());
    tokio::task::yield_now().await;
    assert!(reqwest::get(&endpoint).await.is_err(), "still listening");
    Ok(())
}
