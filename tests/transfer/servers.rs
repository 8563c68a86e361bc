//! The real S3 servers the transfer tests run against: s3s-fs embedded in-process (always),
//! and OpenStack Swift's s3api (started by `.ci/swift/start.sh`; required when `CI` is set).

use std::time::Duration;

use r2_presign::{AddressingStyle, Credentials, Endpoint, Expiry, Presigner, sigv4};

/// One server under test.
pub(crate) struct Server {
    pub(crate) name: &'static str,
    pub(crate) endpoint: String,
    pub(crate) access_key: String,
    pub(crate) secret_key: String,
    pub(crate) bucket: String,
    /// Longest single key the server stores (s3s-fs keeps objects as files with long
    /// metadata file names, so it cannot hold S3's 1024-byte keys).
    pub(crate) max_key: usize,
    /// The embedded server, kept alive with this value.
    _embedded: Option<s3_test_server::S3Server>,
}

impl Server {
    pub(crate) fn presigner(&self) -> Presigner {
        self.presigner_with_secret(&self.secret_key)
    }

    pub(crate) fn presigner_with_secret(&self, secret: &str) -> Presigner {
        Presigner::new(
            Credentials::new(&*self.access_key, secret).unwrap(),
            Endpoint::custom(&self.endpoint, "auto")
                .unwrap()
                .with_style(AddressingStyle::Path),
        )
    }
}

/// s3s + s3s-fs on 127.0.0.1:0, with a fresh bucket.
pub(crate) async fn embedded() -> Server {
    let server = s3_test_server::S3Server::builder()
        .bucket("transfer-tests")
        .start()
        .await
        .expect("embedded s3s-fs server starts");
    Server {
        name: "s3s-fs",
        endpoint: server.endpoint().to_owned(),
        access_key: server.access_key().to_owned(),
        secret_key: server.secret_key().to_owned(),
        bucket: "transfer-tests".to_owned(),
        max_key: 150,
        _embedded: Some(server),
    }
}

/// Swift s3api at `R2P_SWIFT_ENDPOINT` (default `http://127.0.0.1:8080`), user
/// `test:tester` / `testing`, with a fresh bucket; `None` if it is not running, unless `CI`
/// is set, in which case its absence fails the test.
pub(crate) async fn swift(bucket: &str) -> Option<Server> {
    let endpoint =
        std::env::var("R2P_SWIFT_ENDPOINT").unwrap_or_else(|_| "http://127.0.0.1:8080".into());
    let addr = endpoint.trim_start_matches("http://").to_owned();
    let up = tokio::time::timeout(
        Duration::from_secs(2),
        tokio::net::TcpStream::connect(&addr),
    )
    .await
    .is_ok_and(|r| r.is_ok());
    if !up {
        if std::env::var_os("CI").is_some() {
            panic!(
                "CI is set but Swift s3api is not reachable at {endpoint}: run .ci/swift/install.sh and .ci/swift/start.sh"
            );
        }
        eprintln!(
            "note: Swift s3api not running at {endpoint}; skipping its half of this test (start it with .ci/swift/start.sh)"
        );
        return None;
    }
    let server = Server {
        name: "swift-s3api",
        endpoint,
        access_key: "test:tester".into(),
        secret_key: "testing".into(),
        bucket: bucket.to_owned(),
        max_key: 1024,
        _embedded: None,
    };
    create_bucket(&server).await;
    Some(server)
}

/// `PUT /<bucket>` through the low-level signer (bucket requests are not object requests).
async fn create_bucket(server: &Server) {
    let creds = Credentials::new(&*server.access_key, &*server.secret_key).unwrap();
    let (url, _) = sigv4::presign(
        &creds,
        &sigv4::Request {
            method: "PUT",
            origin: &server.endpoint,
            path: &format!("/{}", server.bucket),
            query: &[],
            headers: &[],
            region: "auto",
            service: "s3",
            payload_hash: sigv4::UNSIGNED_PAYLOAD,
            expires: Expiry::minutes(5),
            time: std::time::SystemTime::now(),
        },
    )
    .unwrap();
    let resp = reqwest::Client::new().put(url).send().await.unwrap();
    let status = resp.status();
    let body = resp.text().await.unwrap_or_default();
    assert!(
        status.is_success() || body.contains("BucketAlreadyOwnedByYou"),
        "creating bucket {}: {status} {body}",
        server.bucket
    );
}

/// Both servers (Swift when present).
pub(crate) async fn all(test: &str) -> Vec<Server> {
    let mut servers = vec![embedded().await];
    let bucket = format!("r2p-{}-{}", test.replace('_', "-"), std::process::id());
    servers.extend(swift(&bucket[..bucket.len().min(63)]).await);
    servers
}
