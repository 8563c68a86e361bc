//! The quickstart: presign, upload, download, head and delete through presigned URLs, and
//! watch the safety net catch two mistakes.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! With no configuration it starts an embedded S3 server (s3s-fs, the one the tests use)
//! with demo credentials on a free loopback port. To run the same flow against:
//!
//! - **Cloudflare R2**: set `R2_ACCOUNT_ID`, `R2_ACCESS_KEY_ID`, `R2_SECRET_ACCESS_KEY` and
//!   `R2_BUCKET` (an existing bucket; objects go under `r2-presign-quickstart/`).
//! - **any S3-compatible server** (MinIO, Garage, Swift's s3api, ...): set `R2_ENDPOINT`
//!   (e.g. `http://127.0.0.1:9000`), `R2_ACCESS_KEY_ID`, `R2_SECRET_ACCESS_KEY`, `R2_BUCKET`
//!   (which must exist) and optionally `R2_REGION` (default `auto`). Path style is used.
//!
//! It exits 0 only if every step behaved as expected.

use std::process::ExitCode;
use std::time::Duration;

use r2_presign::client::{Body, Client};
use r2_presign::{Credentials, Endpoint, Error, Expiry, Presign, PresignedRequest, Presigner};

/// An avatar upload: the content type is signed, so the URL only accepts PNGs, and no URL of
/// this type can last more than 15 minutes.
#[derive(Presign)]
#[presign(
    bucket_from = "avatars",
    key = "r2-presign-quickstart/avatars/{user_id}/{file_name}",
    method = "PUT",
    content_type = "image/png",
    max_expiry = "15m"
)]
struct AvatarUpload<'a> {
    user_id: u64,
    file_name: &'a str,
}

/// A download link that makes browsers save the file under its own name.
#[derive(Presign)]
#[presign(
    bucket_from = "avatars",
    key = "r2-presign-quickstart/avatars/{user_id}/{file_name}",
    method = "GET",
    max_expiry = "1h"
)]
struct AvatarDownload<'a> {
    user_id: u64,
    #[presign(download_filename)]
    file_name: &'a str,
}

/// Reading the metadata.
#[derive(Presign)]
#[presign(
    bucket_from = "avatars",
    key = "r2-presign-quickstart/avatars/{user_id}/{file_name}",
    method = "HEAD",
    max_expiry = "1h"
)]
struct AvatarInfo<'a> {
    user_id: u64,
    file_name: &'a str,
}

/// Deleting it.
#[derive(Presign)]
#[presign(
    bucket_from = "avatars",
    key = "r2-presign-quickstart/avatars/{user_id}/{file_name}",
    method = "DELETE",
    max_expiry = "5m"
)]
struct AvatarDelete<'a> {
    user_id: u64,
    file_name: &'a str,
}

/// Reads the configuration: R2, another S3-compatible endpoint, or none.
fn configured() -> Result<Option<(Presigner, String)>, String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let any_set = [
        "R2_ACCOUNT_ID",
        "R2_ENDPOINT",
        "R2_ACCESS_KEY_ID",
        "R2_SECRET_ACCESS_KEY",
        "R2_BUCKET",
    ]
    .iter()
    .any(|n| var(n).is_some());
    if !any_set {
        return Ok(None);
    }
    let place = if var("R2_ENDPOINT").is_some() {
        "R2_ENDPOINT"
    } else {
        "R2_ACCOUNT_ID"
    };
    let needed = [
        place,
        "R2_ACCESS_KEY_ID",
        "R2_SECRET_ACCESS_KEY",
        "R2_BUCKET",
    ];
    let missing: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|n| var(n).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "some configuration is set but not all: missing {}. For R2 set R2_ACCOUNT_ID, \
             R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY and R2_BUCKET; for another S3-compatible \
             server set R2_ENDPOINT (and optionally R2_REGION) instead of R2_ACCOUNT_ID; or \
             unset them all to use the embedded demo server",
            missing.join(", ")
        ));
    }
    let creds = Credentials::from_env().map_err(|e| e.to_string())?;
    let endpoint = match var("R2_ENDPOINT") {
        Some(url) => {
            let region = var("R2_REGION").unwrap_or_else(|| "auto".into());
            Endpoint::custom(&url, &region)
        }
        None => Endpoint::r2(&var("R2_ACCOUNT_ID").unwrap_or_default()),
    }
    .map_err(|e| e.to_string())?;
    let bucket = var("R2_BUCKET").unwrap_or_default();
    let presigner = Presigner::new(creds, endpoint)
        .with_bucket("avatars", bucket.clone())
        .map_err(|e| e.to_string())?;
    Ok(Some((presigner, bucket)))
}

/// The URL with its signature shortened, for printing.
fn short(req: &PresignedRequest) -> String {
    let url = req.url();
    match url.rsplit_once("X-Amz-Signature=") {
        Some((head, sig)) => format!("{head}X-Amz-Signature={}…", &sig[..8.min(sig.len())]),
        None => url.to_owned(),
    }
}

struct Report {
    failures: usize,
}

impl Report {
    fn step(&mut self, ok: bool, what: &str, detail: impl std::fmt::Display) {
        let mark = if ok { "ok  " } else { "FAIL" };
        println!("  [{mark}] {what}: {detail}");
        if !ok {
            self.failures += 1;
        }
    }
}

/// A small valid PNG: 1×1, one red pixel.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(0) => {
            println!("\nEvery step behaved as expected.");
            ExitCode::SUCCESS
        }
        Ok(n) => {
            println!("\n{n} step(s) did not behave as expected.");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("quickstart: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run() -> Result<usize, Box<dyn std::error::Error>> {
    let (presigner, embedded) = match configured()? {
        Some((p, bucket)) => {
            println!("Using {} (bucket {bucket}).", p.endpoint().url());
            (p, None)
        }
        None => {
            let server = s3_test_server::S3Server::builder()
                .bucket("quickstart")
                .start()
                .await?;
            println!(
                "No R2 configuration found: using an embedded S3 server at {} with demo credentials.\n\
                 (Set R2_ACCOUNT_ID, R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY and R2_BUCKET to run against R2.)",
                server.endpoint()
            );
            let presigner = Presigner::new(
                Credentials::new(server.access_key(), server.secret_key())?,
                Endpoint::custom(server.endpoint(), server.region())?,
            )
            .with_bucket("avatars", "quickstart")?;
            (presigner, Some(server))
        }
    };
    let client = Client::builder().build()?;
    let mut report = Report { failures: 0 };
    let dir = tempfile::tempdir()?;
    let source = dir.path().join("me.png");
    std::fs::write(&source, PNG)?;
    let (user_id, file_name) = (42, "me.png");

    println!("\n1. Presign an upload (signed content type image/png, at most 15 minutes)");
    let upload = AvatarUpload { user_id, file_name }.presign(&presigner, Expiry::minutes(10))?;
    println!("     PUT {}", short(&upload));
    println!("     headers to send: {:?}", upload.headers());
    let sent = client.upload(&upload, Body::file(&source)).await;
    report.step(
        sent.is_ok(),
        "upload me.png through the presigned URL",
        match &sent {
            Ok(up) => format!(
                "{} bytes, etag {}",
                up.size,
                up.etag.as_deref().unwrap_or("-")
            ),
            Err(e) => e.to_string(),
        },
    );

    println!("\n2. Download it back with a download link (saved as me.png by browsers)");
    let download =
        AvatarDownload { user_id, file_name }.presign(&presigner, Expiry::minutes(30))?;
    println!("     GET {}", short(&download));
    let copy = dir.path().join("copy.png");
    let got = client.download(&download).to_file(&copy).await;
    let same = got.is_ok() && std::fs::read(&copy)? == PNG;
    report.step(
        same,
        "download and compare",
        match &got {
            Ok(d) => format!("{} bytes, identical: {same}", d.size),
            Err(e) => e.to_string(),
        },
    );

    println!("\n3. Read its metadata");
    let head = AvatarInfo { user_id, file_name }.presign(&presigner, Expiry::minutes(5))?;
    let meta = client.head(&head).await;
    let ok = meta.as_ref().is_ok_and(|m| {
        m.size == PNG.len() as u64 && m.content_type.as_deref() == Some("image/png")
    });
    report.step(
        ok,
        "HEAD",
        match &meta {
            Ok(m) => format!(
                "{} bytes, content-type {}",
                m.size,
                m.content_type.as_deref().unwrap_or("-")
            ),
            Err(e) => e.to_string(),
        },
    );

    println!("\n4. The safety net");
    // A client that ignores the signed content type (sent by hand, not through the client,
    // which always sends the signed value).
    let wrong = reqwest::Client::new()
        .put(upload.url())
        .header("content-type", "text/html")
        .body("<script>alert(1)</script>")
        .send()
        .await?;
    let status = wrong.status();
    let body = wrong.text().await.unwrap_or_default();
    report.step(
        status == 403 && body.contains("SignatureDoesNotMatch"),
        "the server rejects the upload URL used with content-type text/html",
        format!(
            "{status}{}",
            if body.contains("SignatureDoesNotMatch") {
                " SignatureDoesNotMatch"
            } else {
                ""
            }
        ),
    );
    let hostile = AvatarUpload {
        user_id,
        file_name: "../../etc/passwd",
    }
    .presign(&presigner, Expiry::minutes(10));
    report.step(
        matches!(hostile, Err(Error::InvalidKeySegment { .. })),
        "a hostile file name is refused before any URL exists",
        match &hostile {
            Err(e) => e.to_string(),
            Ok(req) => format!("a URL was made: {}", short(req)),
        },
    );
    let too_long = AvatarUpload { user_id, file_name }.presign(&presigner, Expiry::hours(2));
    report.step(
        matches!(too_long, Err(Error::ExpiryExceedsMax { .. })),
        "an upload URL valid for 2 hours is refused (max 15 minutes)",
        match &too_long {
            Err(e) => e.to_string(),
            Ok(_) => "a URL was made".to_owned(),
        },
    );

    println!("\n5. Delete it");
    let delete = AvatarDelete { user_id, file_name }.presign(&presigner, Expiry::minutes(5))?;
    let deleted = client.delete(&delete).await;
    report.step(
        deleted.is_ok(),
        "DELETE",
        match &deleted {
            Ok(()) => "deleted".to_owned(),
            Err(e) => e.to_string(),
        },
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    let gone = client.head(&head).await;
    let not_found = gone
        .as_ref()
        .err()
        .and_then(r2_presign::client::Error::status)
        .map(|s| s.as_u16())
        == Some(404);
    report.step(
        not_found,
        "it is gone",
        match &gone {
            Ok(_) => "still there".to_owned(),
            Err(e) => e.to_string(),
        },
    );

    if let Some(server) = embedded {
        server.shutdown().await?;
    }
    Ok(report.failures)
}
