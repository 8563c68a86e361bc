//! Transfers through presigned URLs against real S3 servers that check signatures: the
//! embedded s3s-fs always, and Swift's s3api when it runs (required on CI).

mod faults;
mod servers;

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use r2_presign::client::{Body, Client, ErrorCode, Refusal};
use r2_presign::{Expiry, Method, PresignedRequest};
use servers::{Server, all};

fn client() -> Client {
    Client::builder().build().unwrap()
}

/// The same request with another URL (as an attacker or a bug would alter it).
fn with_url(req: &PresignedRequest, url: &str) -> PresignedRequest {
    let mut v = serde_json::to_value(req).unwrap();
    v["url"] = url.into();
    serde_json::from_value(v).unwrap()
}

/// Sends a request by hand, outside the client: for what the client refuses to do.
async fn raw(
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: &'static [u8],
) -> (u16, String) {
    let mut req = reqwest::Client::new().request(method.into(), url);
    for (n, v) in headers {
        req = req.header(*n, *v);
    }
    let resp = req.body(body).send().await.unwrap();
    (
        resp.status().as_u16(),
        resp.text().await.unwrap_or_default(),
    )
}

async fn put(server: &Server, key: &str, body: &'static [u8]) {
    let req = server
        .presigner()
        .put(&server.bucket, key)
        .sign(Expiry::minutes(5))
        .unwrap();
    client()
        .upload(&req, body)
        .await
        .unwrap_or_else(|e| panic!("{}: put {key:?}: {e:?}", server.name));
}

#[tokio::test]
async fn valid_urls_work_for_get_head_put_delete() {
    for s in all("valid").await {
        let p = s.presigner();
        let c = client();
        let put = p
            .put(&s.bucket, "photos/cat.png")
            .content_type("image/png")
            .sign(Expiry::minutes(5))
            .unwrap();
        let up = c
            .upload(&put, Bytes::from_static(b"\x89PNG fake"))
            .await
            .unwrap();
        assert_eq!(up.size, 9, "{}", s.name);
        let head = p
            .head(&s.bucket, "photos/cat.png")
            .sign(Expiry::minutes(5))
            .unwrap();
        let meta = c.head(&head).await.unwrap();
        assert_eq!(meta.size, 9, "{}", s.name);
        assert_eq!(
            meta.content_type.as_deref(),
            Some("image/png"),
            "{}",
            s.name
        );
        assert!(meta.etag.is_some(), "{}", s.name);
        assert!(meta.last_modified.is_some(), "{}", s.name);
        let get = p
            .get(&s.bucket, "photos/cat.png")
            .sign(Expiry::minutes(5))
            .unwrap();
        assert_eq!(
            &c.download(&get).await.unwrap()[..],
            b"\x89PNG fake",
            "{}",
            s.name
        );
        let del = p
            .delete(&s.bucket, "photos/cat.png")
            .sign(Expiry::minutes(5))
            .unwrap();
        c.delete(&del).await.unwrap();
        let gone = c.download(&get).await.unwrap_err();
        assert_eq!(
            gone.status().map(|s| s.as_u16()),
            Some(404),
            "{}: {gone:?}",
            s.name
        );
        assert_eq!(
            gone.code(),
            Some(&ErrorCode::NoSuchKey),
            "{}: {gone:?}",
            s.name
        );
        let head_gone = c.head(&head).await.unwrap_err();
        assert_eq!(
            head_gone.status().map(|s| s.as_u16()),
            Some(404),
            "{}",
            s.name
        );
    }
}

/// Flips the first hex digit of the signature.
fn flip_signature(url: &str) -> String {
    let (head, sig) = url.rsplit_once("X-Amz-Signature=").unwrap();
    let first = if sig.starts_with('0') { '1' } else { '0' };
    format!("{head}X-Amz-Signature={first}{}", &sig[1..])
}

#[tokio::test]
async fn altered_urls_are_rejected_with_typed_errors() {
    for s in all("altered").await {
        put(&s, "victim.txt", b"original").await;
        put(&s, "other.txt", b"other").await;
        let p = s.presigner();
        let c = client();
        for method in [Method::Get, Method::Head, Method::Put, Method::Delete] {
            let req = p
                .request(method, &s.bucket, "victim.txt")
                .sign(Expiry::minutes(5))
                .unwrap();
            let url = req.url();
            let variants = [
                ("signature digit changed", flip_signature(url)),
                (
                    "path changed to another object",
                    url.replace("/victim.txt?", "/other.txt?"),
                ),
                (
                    "X-Amz-Expires raised",
                    url.replace("X-Amz-Expires=300&", "X-Amz-Expires=3000&"),
                ),
            ];
            let wrong_secret = s
                .presigner_with_secret("not-the-secret")
                .request(method, &s.bucket, "victim.txt")
                .sign(Expiry::minutes(5))
                .unwrap();
            let mut cases: Vec<(&str, PresignedRequest)> = variants
                .iter()
                .map(|(what, u)| (*what, with_url(&req, u)))
                .collect();
            cases.push(("wrong secret", wrong_secret));
            for (what, bad) in cases {
                assert_ne!(bad.url(), url);
                let err = match method {
                    Method::Get => c.download(&bad).await.map(drop),
                    Method::Head => c.head(&bad).await.map(drop),
                    Method::Put => c
                        .upload(&bad, Bytes::from_static(b"tampered"))
                        .await
                        .map(drop),
                    Method::Delete => c.delete(&bad).await,
                }
                .expect_err(what);
                assert_eq!(
                    err.status().map(|s| s.as_u16()),
                    Some(403),
                    "{} {method} {what}: {err:?}",
                    s.name
                );
                if method != Method::Head {
                    // HEAD responses have no body to carry a code.
                    assert!(
                        err.is_signature_mismatch(),
                        "{} {method} {what}: {err:?}",
                        s.name
                    );
                }
            }
        }
        // Nothing was changed by the rejected requests.
        let get = p
            .get(&s.bucket, "victim.txt")
            .sign(Expiry::minutes(5))
            .unwrap();
        assert_eq!(
            &c.download(&get).await.unwrap()[..],
            b"original",
            "{}",
            s.name
        );
    }
}

#[tokio::test]
async fn the_wrong_method_is_refused_locally_and_by_the_server() {
    for s in all("method").await {
        put(&s, "keep.txt", b"keep").await;
        let p = s.presigner();
        let c = client();
        let get = p
            .get(&s.bucket, "keep.txt")
            .sign(Expiry::minutes(5))
            .unwrap();
        let err = c.delete(&get).await.unwrap_err();
        assert_eq!(
            err.refusal(),
            Some(&Refusal::WrongMethod {
                expected: Method::Delete,
                signed: Method::Get
            })
        );
        let err = c.upload(&get, b"x".as_slice()).await.unwrap_err();
        assert!(matches!(err.refusal(), Some(Refusal::WrongMethod { .. })));
        // Sent anyway, by hand: the server refuses it too, and the object survives.
        let (status, body) = raw(Method::Delete, get.url(), &[], b"").await;
        assert_eq!(status, 403, "{}: {body}", s.name);
        assert!(body.contains("SignatureDoesNotMatch"), "{}: {body}", s.name);
        assert_eq!(&c.download(&get).await.unwrap()[..], b"keep");
    }
}

#[tokio::test]
async fn expired_urls_are_refused_locally_and_by_the_server() {
    for s in all("expired").await {
        put(&s, "soon.txt", b"soon").await;
        let get = s
            .presigner()
            .get(&s.bucket, "soon.txt")
            .sign(Expiry::seconds(1))
            .unwrap();
        tokio::time::sleep(Duration::from_millis(2100)).await;
        let err = client().download(&get).await.unwrap_err();
        assert_eq!(err.refusal(), Some(&Refusal::Expired));
        assert!(err.is_expired());
        let (status, body) = raw(Method::Get, get.url(), &[], b"").await;
        assert_eq!(status, 403, "{}: {body}", s.name);
        assert!(
            body.contains("AccessDenied") && body.contains("expired"),
            "{}: {body}",
            s.name
        );
    }
}

#[tokio::test]
async fn a_signed_content_type_binds_the_upload() {
    for s in all("ctype").await {
        let p = s.presigner();
        let put = p
            .put(&s.bucket, "avatar.png")
            .content_type("image/png")
            .sign(Expiry::minutes(5))
            .unwrap();
        // Another content type, sent by hand: refused.
        let (status, body) = raw(
            Method::Put,
            put.url(),
            &[("content-type", "text/plain")],
            b"png",
        )
        .await;
        assert_eq!(status, 403, "{}: {body}", s.name);
        assert!(body.contains("SignatureDoesNotMatch"), "{}: {body}", s.name);
        // The client always sends the signed value: there is no way to send another.
        client().upload(&put, b"png".as_slice()).await.unwrap();
        let head = p
            .head(&s.bucket, "avatar.png")
            .sign(Expiry::minutes(5))
            .unwrap();
        assert_eq!(
            client().head(&head).await.unwrap().content_type.as_deref(),
            Some("image/png")
        );
    }
}

#[tokio::test]
async fn a_signed_content_length_is_checked_before_sending() {
    for s in all("length").await {
        let p = s.presigner();
        let put = p
            .put(&s.bucket, "sized.bin")
            .content_length(10)
            .sign(Expiry::minutes(5))
            .unwrap();
        let err = client().upload(&put, vec![0u8; 11]).await.unwrap_err();
        assert_eq!(
            err.refusal(),
            Some(&Refusal::LengthMismatch {
                signed: 10,
                body: 11
            })
        );
        client().upload(&put, vec![7u8; 10]).await.unwrap();
        let head = p
            .head(&s.bucket, "sized.bin")
            .sign(Expiry::minutes(5))
            .unwrap();
        assert_eq!(client().head(&head).await.unwrap().size, 10, "{}", s.name);
    }
}

#[tokio::test]
async fn awkward_keys_round_trip() {
    let long_ascii = "k".repeat(1024);
    let long_utf8 = format!("{}{}", "é".repeat(511), "ab"); // 1024 bytes
    let keys = [
        "with space.txt",
        "plus+sign.txt",
        "percent%20literal%.txt",
        "tilde~.txt",
        "eq=and&amp.txt",
        "bang!star*quote'paren().txt",
        "caf\u{e9}.txt",
        "cafe\u{301}.txt",
        "emoji-\u{1f600}\u{1f9d1}\u{200d}\u{1f4bb}.txt",
        "a//b.txt",
        "deep/er/path/file.txt",
        &long_ascii,
        &long_utf8,
    ];
    for s in all("keys").await {
        let p = s.presigner();
        let c = client();
        for key in keys.iter().filter(|k| k.len() <= s.max_key) {
            let put = p.put(&s.bucket, key).sign(Expiry::minutes(5)).unwrap();
            let body = Bytes::from(format!("body of {key}"));
            c.upload(&put, body.clone())
                .await
                .unwrap_or_else(|e| panic!("{}: put {key:?}: {e:?}", s.name));
            let get = p.get(&s.bucket, key).sign(Expiry::minutes(5)).unwrap();
            let got = c
                .download(&get)
                .await
                .unwrap_or_else(|e| panic!("{}: get {key:?}: {e:?}", s.name));
            assert_eq!(got, body, "{}: {key:?}", s.name);
        }
        if s.max_key == 1024 {
            assert!(keys.iter().filter(|k| k.len() == 1024).count() == 2);
        }
        // NFC and NFD are different keys.
        let nfd = p
            .get(&s.bucket, "cafe\u{301}.txt")
            .sign(Expiry::minutes(5))
            .unwrap();
        assert_eq!(
            c.download(&nfd).await.unwrap(),
            Bytes::from("body of cafe\u{301}.txt")
        );
    }
}

#[tokio::test]
async fn files_and_streams_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src.bin");
    let data: Vec<u8> = (0..3_000_000u32).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(&src, &data).unwrap();
    for s in all("files").await {
        let p = s.presigner();
        let c = client();
        let put = p
            .put(&s.bucket, "big.bin")
            .sign(Expiry::minutes(5))
            .unwrap();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        let up = c
            .upload(&put, Body::file(&src))
            .progress(move |p| log.lock().unwrap().push(p))
            .await
            .unwrap();
        assert_eq!(up.size, data.len() as u64);
        let progress = seen.lock().unwrap().clone();
        assert_eq!(progress.first().map(|p| p.done), Some(0));
        assert_eq!(
            progress.last().map(|p| (p.done, p.total)),
            Some((data.len() as u64, Some(data.len() as u64)))
        );
        assert!(progress.windows(2).all(|w| w[0].done <= w[1].done));

        let get = p
            .get(&s.bucket, "big.bin")
            .sign(Expiry::minutes(5))
            .unwrap();
        let dest = dir.path().join(format!("copy-{}.bin", s.name));
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        let done = c
            .download(&get)
            .progress(move |p| log.lock().unwrap().push(p))
            .to_file(&dest)
            .await
            .unwrap();
        let progress = seen.lock().unwrap().clone();
        assert_eq!(progress.first().map(|p| p.done), Some(0));
        assert_eq!(
            progress.last().map(|p| (p.done, p.total)),
            Some((data.len() as u64, Some(data.len() as u64))),
            "{}",
            s.name
        );
        assert!(progress.len() > 2, "progress is reported along the way");
        assert_eq!(done.size, data.len() as u64);
        assert_eq!(std::fs::read(&dest).unwrap(), data, "{}", s.name);

        let mut stream = c.download(&get).stream().await.unwrap();
        assert_eq!(stream.meta().size, data.len() as u64);
        let mut streamed = Vec::new();
        while let Some(chunk) = stream.chunk().await.unwrap() {
            streamed.extend_from_slice(&chunk);
        }
        assert_eq!(streamed, data);

        // A one-shot stream body.
        let chunks: Vec<Result<Bytes, std::io::Error>> = data
            .chunks(100_000)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        let put2 = p
            .put(&s.bucket, "streamed.bin")
            .sign(Expiry::minutes(5))
            .unwrap();
        c.upload(
            &put2,
            Body::stream(futures_util::stream::iter(chunks), data.len() as u64),
        )
        .await
        .unwrap();
        let get2 = p
            .get(&s.bucket, "streamed.bin")
            .sign(Expiry::minutes(5))
            .unwrap();
        assert_eq!(c.download(&get2).await.unwrap(), data);
    }
}

#[tokio::test]
async fn errors_never_show_the_signature_or_credential() {
    for s in all("secrets").await {
        let p = s.presigner();
        let c = client();
        let get = p
            .get(&s.bucket, "missing.txt")
            .sign(Expiry::minutes(5))
            .unwrap();
        let sig = get
            .url()
            .rsplit_once("X-Amz-Signature=")
            .unwrap()
            .1
            .to_owned();
        let mut errors = vec![c.download(&get).await.unwrap_err()];
        errors.push(c.delete(&get).await.unwrap_err());
        let expired = p
            .get(&s.bucket, "x")
            .sign_at(
                Expiry::seconds(1),
                SystemTime::now() - Duration::from_secs(60),
            )
            .unwrap();
        errors.push(c.download(&expired).await.unwrap_err());
        // A transport error: nothing listens on port 9 of loopback.
        let dead = r2_presign::Presigner::new(
            r2_presign::Credentials::new(&*s.access_key, &*s.secret_key).unwrap(),
            r2_presign::Endpoint::custom("http://127.0.0.1:9", "auto").unwrap(),
        );
        let quick = Client::builder()
            .retry(r2_presign::client::RetryPolicy::none())
            .build()
            .unwrap();
        let to_dead = dead.get(&s.bucket, "x").sign(Expiry::minutes(5)).unwrap();
        let err = quick.download(&to_dead).await.unwrap_err();
        assert!(err.is_connect() || err.is_transport(), "{err:?}");
        errors.push(err);
        for e in &errors {
            let mut texts = vec![e.to_string(), format!("{e:?}")];
            let mut source = std::error::Error::source(e);
            while let Some(cause) = source {
                texts.push(cause.to_string());
                texts.push(format!("{cause:?}"));
                source = cause.source();
            }
            for t in texts {
                assert!(!t.contains(&sig), "{}: signature in {t}", s.name);
                assert!(!t.contains("X-Amz-Signature"), "{}: {t}", s.name);
                assert!(!t.contains("X-Amz-Credential"), "{}: {t}", s.name);
                assert!(
                    !t.contains(&s.secret_key) || s.secret_key.len() < 8,
                    "{}: {t}",
                    s.name
                );
            }
        }
        assert_eq!(errors[0].url(), Some(get.url_without_query()));
    }
}
