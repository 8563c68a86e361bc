//! Fault injection with a tiny scripted HTTP server: retries, truncation, timeouts. It checks
//! no signatures (the real servers do that); it only misbehaves on cue.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use r2_presign::client::{Body, Client, RetryPolicy};
use r2_presign::{Credentials, Endpoint, Expiry, Presigner};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the scripted server does with its n-th request.
#[derive(Clone)]
enum Reply {
    Status(u16, &'static str),
    Ok(&'static [u8]),
    /// Announce `len` bytes, send `sent` of them, hang up.
    Truncated {
        len: usize,
        sent: usize,
    },
    /// Accept and never answer.
    Silent,
}

/// Serves `script` (the last reply repeats) and counts requests.
async fn scripted(script: Vec<Reply>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let reply = script[n.min(script.len() - 1)].clone();
            tokio::spawn(async move {
                // Read the head and any announced body.
                let mut buf = Vec::new();
                let mut chunk = [0u8; 65536];
                loop {
                    let Ok(read) = sock.read(&mut chunk).await else {
                        return;
                    };
                    if read == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..read]);
                    if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                        let len: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(0);
                        while buf.len() < end + 4 + len {
                            let Ok(read) = sock.read(&mut chunk).await else {
                                return;
                            };
                            if read == 0 {
                                break;
                            }
                            buf.extend_from_slice(&chunk[..read]);
                        }
                        break;
                    }
                }
                let out: Vec<u8> = match reply {
                    Reply::Status(code, extra) => format!(
                        "HTTP/1.1 {code} Oops\r\ncontent-length: 0\r\nconnection: close\r\n{extra}\r\n"
                    )
                    .into_bytes(),
                    Reply::Ok(body) => {
                        let mut v = format!(
                            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\netag: \"e\"\r\nconnection: close\r\n\r\n",
                            body.len()
                        )
                        .into_bytes();
                        v.extend_from_slice(body);
                        v
                    }
                    Reply::Truncated { len, sent } => {
                        let mut v = format!(
                            "HTTP/1.1 200 OK\r\ncontent-length: {len}\r\nconnection: close\r\n\r\n"
                        )
                        .into_bytes();
                        v.extend(std::iter::repeat_n(b'x', sent));
                        v
                    }
                    Reply::Silent => {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        return;
                    }
                };
                let _ = sock.write_all(&out).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), count)
}

fn presigner(endpoint: &str) -> Presigner {
    Presigner::new(
        Credentials::new("id", "secret").unwrap(),
        Endpoint::custom(endpoint, "auto").unwrap(),
    )
}

fn fast_retries() -> Client {
    Client::builder()
        .retry(RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(50),
        })
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_503_twice_then_200_is_retried_and_succeeds() {
    let (endpoint, count) = scripted(vec![
        Reply::Status(503, ""),
        Reply::Status(503, ""),
        Reply::Ok(b""),
    ])
    .await;
    let put = presigner(&endpoint)
        .put("bkt", "k")
        .sign(Expiry::minutes(1))
        .unwrap();
    let up = fast_retries()
        .upload(&put, Bytes::from_static(b"hello"))
        .await
        .unwrap();
    assert_eq!(up.etag.as_deref(), Some("\"e\""));
    assert_eq!(count.load(Ordering::SeqCst), 3);

    let (endpoint, count) = scripted(vec![
        Reply::Status(503, ""),
        Reply::Status(429, "retry-after: 0\r\n"),
        Reply::Ok(b"data"),
    ])
    .await;
    let get = presigner(&endpoint)
        .get("bkt", "k")
        .sign(Expiry::minutes(1))
        .unwrap();
    assert_eq!(&fast_retries().download(&get).await.unwrap()[..], b"data");
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn retries_are_bounded() {
    let (endpoint, count) = scripted(vec![Reply::Status(500, "")]).await;
    let put = presigner(&endpoint)
        .put("bkt", "k")
        .sign(Expiry::minutes(1))
        .unwrap();
    let err = fast_retries()
        .upload(&put, Bytes::from_static(b"x"))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(count.load(Ordering::SeqCst), 4, "one try and three retries");
}

#[tokio::test]
async fn a_one_shot_stream_is_not_retried() {
    let (endpoint, count) = scripted(vec![Reply::Status(503, ""), Reply::Ok(b"")]).await;
    let put = presigner(&endpoint)
        .put("bkt", "k")
        .sign(Expiry::minutes(1))
        .unwrap();
    let stream =
        futures_util::stream::iter(vec![Ok::<_, std::io::Error>(Bytes::from_static(b"abc"))]);
    let err = fast_retries()
        .upload(&put, Body::stream(stream, 3))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_download_cut_short_leaves_no_file_behind() {
    let (endpoint, count) = scripted(vec![Reply::Truncated {
        len: 100_000,
        sent: 40_000,
    }])
    .await;
    let get = presigner(&endpoint)
        .get("bkt", "k")
        .sign(Expiry::minutes(1))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out.bin");
    let err = fast_retries()
        .download(&get)
        .to_file(&dest)
        .await
        .unwrap_err();
    assert!(err.is_transport() || err.is_length_mismatch(), "{err:?}");
    assert_eq!(count.load(Ordering::SeqCst), 4, "retried, then gave up");
    assert!(!dest.exists(), "no partial file at the destination");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file either: {leftovers:?}"
    );
    // An existing file at the destination is left untouched by a failed download.
    std::fs::write(&dest, b"previous").unwrap();
    assert!(fast_retries().download(&get).to_file(&dest).await.is_err());
    assert_eq!(std::fs::read(&dest).unwrap(), b"previous");
}

#[tokio::test]
async fn a_stalled_server_times_out() {
    let (endpoint, _) = scripted(vec![Reply::Silent]).await;
    let get = presigner(&endpoint)
        .get("bkt", "k")
        .sign(Expiry::minutes(1))
        .unwrap();
    let client = Client::builder()
        .read_timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.download(&get).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.to_string(), "request timed out");
}

#[tokio::test]
async fn a_url_the_http_client_would_rewrite_is_refused_before_sending() {
    let (endpoint, count) = scripted(vec![Reply::Ok(b"")]).await;
    // `a/../b` is signed as is (opt-in), but `url`/reqwest would send `b`.
    let get = presigner(&endpoint)
        .get("bkt", "a/../b")
        .allow_dot_segments(true)
        .sign(Expiry::minutes(1))
        .unwrap();
    let err = fast_retries().download(&get).await.unwrap_err();
    assert_eq!(err.refusal(), Some(&r2_presign::client::Refusal::Url));
    assert_eq!(count.load(Ordering::SeqCst), 0, "nothing was sent");
}

#[tokio::test]
async fn a_local_file_error_is_an_io_error() {
    let (endpoint, _) = scripted(vec![Reply::Ok(b"data")]).await;
    let get = presigner(&endpoint)
        .get("bkt", "k")
        .sign(Expiry::minutes(1))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("no-such-dir").join("out.bin");
    let err = fast_retries()
        .download(&get)
        .to_file(&dest)
        .await
        .unwrap_err();
    assert!(err.is_io(), "{err:?}");
    let put = presigner(&endpoint)
        .put("bkt", "k")
        .sign(Expiry::minutes(1))
        .unwrap();
    let err = fast_retries()
        .upload(&put, Body::file(dir.path().join("missing.bin")))
        .await
        .unwrap_err();
    assert!(err.is_io(), "{err:?}");
}
