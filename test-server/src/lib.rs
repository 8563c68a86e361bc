//! An embedded S3 server for tests and the quickstart: [`s3s`] + [`s3s_fs`] on hyper, in the
//! current tokio runtime, on `127.0.0.1` with a port the OS picks, storing objects as files
//! in a temporary directory.
//!
//! It checks SigV4 signatures (header-signed requests and presigned URLs) against one access
//! key and secret, so a wrong signature, an expired URL or a header that differs from the
//! signed one is rejected the way S3 does (`403` with an XML error body). Requests are
//! path-style: `http://127.0.0.1:PORT/bucket/key`.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let server = s3_test_server::S3Server::builder().bucket("uploads").start().await?;
//! println!("S3 at {} (region {})", server.endpoint(), server.region());
//! println!("sign with {} / {}", server.access_key(), server.secret_key());
//! server.create_bucket("downloads")?;
//! server.shutdown().await?; // or just drop it
//! # Ok(())
//! # }
//! ```
//!
//! Quirks of s3s / s3s-fs 0.14 that differ from S3 (pinned by `tests/presigned.rs`):
//! - the region of the credential scope is not checked: any region signs;
//! - an unknown access key answers `403 NotSignedUp` (S3: `InvalidAccessKeyId`);
//! - a PUT into a bucket that does not exist creates it, and a GET there answers
//!   `404 NoSuchKey` (S3: `NoSuchBucket`);
//! - objects are files, and each also gets a file named
//!   `.bucket-{base64(bucket)}.object-{base64(key)}.metadata.json` in the root, which must fit
//!   in 255 bytes: keys longer than about 160 bytes (157 for an 11-character bucket name),
//!   and a key starting with `/` (the path `/bucket//key`), answer `500 InternalError`.

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnBuilder;
use hyper_util::server::graceful::GracefulShutdown;
use s3s::auth::SimpleAuth;
use s3s::service::{S3Service, S3ServiceBuilder};
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

/// The access key of [`S3Server::start`].
pub const DEFAULT_ACCESS_KEY: &str = "test-access-key";
/// The secret key of [`S3Server::start`].
pub const DEFAULT_SECRET_KEY: &str = "test-secret-key";
/// The region to sign for. s3s does not check it, so any other works too; `auto` is R2's.
pub const REGION: &str = "auto";

/// How long [`S3Server::shutdown`] lets open requests finish.
const GRACE: Duration = Duration::from_secs(5);

/// A running S3 server. Dropping it stops it (open connections are cut) and deletes its
/// temporary directory; [`shutdown`](Self::shutdown) does the same after letting requests in
/// flight finish.
pub struct S3Server {
    addr: SocketAddr,
    endpoint: String,
    access_key: String,
    secret_key: String,
    root: PathBuf,
    /// `None` when the caller chose the root: theirs to keep.
    temp_dir: Option<TempDir>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl S3Server {
    /// Starts a server with [`DEFAULT_ACCESS_KEY`], [`DEFAULT_SECRET_KEY`], no bucket and a
    /// new temporary directory. Must be called within a tokio runtime, which then runs it.
    ///
    /// # Errors
    /// If the directory cannot be made or the port bound.
    pub async fn start() -> io::Result<Self> {
        Self::builder().start().await
    }

    /// A builder to choose the credentials, the root directory and buckets to create.
    pub fn builder() -> S3ServerBuilder {
        S3ServerBuilder::default()
    }

    /// The base URL, `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The access key id it accepts.
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secret key that goes with [`access_key`](Self::access_key).
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// The region to sign for: [`REGION`] (`auto`).
    pub fn region(&self) -> &str {
        REGION
    }

    /// The directory holding the buckets (one subdirectory each) and their objects.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Creates bucket `name` (a directory under [`root`](Self::root)); nothing happens if it
    /// exists. A bucket can also be made with an S3 `CreateBucket` request.
    ///
    /// # Errors
    /// [`io::ErrorKind::InvalidInput`] if `name` breaks S3's bucket naming rules, or the
    /// error of creating the directory.
    pub fn create_bucket(&self, name: &str) -> io::Result<()> {
        create_bucket(&self.root, name)
    }

    /// Stops accepting connections, waits up to 5 s for requests in flight, then deletes the
    /// temporary directory.
    ///
    /// # Errors
    /// If the temporary directory cannot be deleted.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        match self.temp_dir.take() {
            Some(dir) => dir.close(),
            None => Ok(()),
        }
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        // Aborting the accept loop drops its `JoinSet`, which aborts every connection.
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl fmt::Debug for S3Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Server")
            .field("endpoint", &self.endpoint)
            .field("access_key", &self.access_key)
            .field("root", &self.root)
            .finish_non_exhaustive()
    }
}

/// Options for an [`S3Server`], from [`S3Server::builder`].
#[derive(Clone, Debug, Default)]
#[must_use = "a builder does nothing until `start` is called"]
pub struct S3ServerBuilder {
    access_key: Option<String>,
    secret_key: Option<String>,
    root: Option<PathBuf>,
    buckets: Vec<String>,
}

impl S3ServerBuilder {
    /// The access key id to accept (default [`DEFAULT_ACCESS_KEY`]).
    pub fn access_key(mut self, access_key: impl Into<String>) -> Self {
        self.access_key = Some(access_key.into());
        self
    }

    /// The secret key to accept (default [`DEFAULT_SECRET_KEY`]).
    pub fn secret_key(mut self, secret_key: impl Into<String>) -> Self {
        self.secret_key = Some(secret_key.into());
        self
    }

    /// Stores objects under `root` (created if missing, and kept after the server stops)
    /// instead of a new temporary directory.
    pub fn root(mut self, root: impl Into<PathBuf>) -> Self {
        self.root = Some(root.into());
        self
    }

    /// Creates bucket `name` at start (see [`S3Server::create_bucket`]). May be repeated.
    pub fn bucket(mut self, name: impl Into<String>) -> Self {
        self.buckets.push(name.into());
        self
    }

    /// Binds `127.0.0.1:0` and starts serving on the current tokio runtime.
    ///
    /// # Errors
    /// If the root cannot be made, a bucket name is invalid, or the port cannot be bound.
    ///
    /// # Panics
    /// Outside a tokio runtime.
    pub async fn start(self) -> io::Result<S3Server> {
        let access_key = self
            .access_key
            .unwrap_or_else(|| DEFAULT_ACCESS_KEY.to_owned());
        let secret_key = self
            .secret_key
            .unwrap_or_else(|| DEFAULT_SECRET_KEY.to_owned());
        if access_key.is_empty() || secret_key.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the access key and the secret key must not be empty",
            ));
        }

        let (temp_dir, root) = match self.root {
            Some(root) => {
                std::fs::create_dir_all(&root)?;
                (None, root)
            }
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("s3-test-server-")
                    .tempdir()?;
                let root = dir.path().to_owned();
                (Some(dir), root)
            }
        };
        // s3s-fs resolves paths against the canonical root; report the same one.
        let root = root.canonicalize()?;
        for bucket in &self.buckets {
            create_bucket(&root, bucket)?;
        }

        let fs = s3s_fs::FileSystem::new(&root)
            .map_err(|err| io::Error::other(format!("s3s-fs: {err:?}")))?;
        let mut service = S3ServiceBuilder::new(fs);
        service.set_auth(SimpleAuth::from_single(
            access_key.as_str(),
            secret_key.as_str(),
        ));
        let service = service.build();

        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(serve(listener, service, stopped));

        Ok(S3Server {
            addr,
            endpoint: format!("http://{addr}"),
            access_key,
            secret_key,
            root,
            temp_dir,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

fn create_bucket(root: &Path, name: &str) -> io::Result<()> {
    if !s3s::path::check_bucket_name(name) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("invalid bucket name {name:?}: use 3 to 63 of a-z 0-9 . -"),
        ));
    }
    std::fs::create_dir_all(root.join(name))
}

/// The accept loop, as in s3s-fs's binary: HTTP/1 or 2 per connection, each in `conns` so
/// that dropping this future (an aborted task) cuts them all.
async fn serve(listener: TcpListener, service: S3Service, mut stopped: oneshot::Receiver<()>) {
    let http = ConnBuilder::new(TokioExecutor::new());
    let graceful = GracefulShutdown::new();
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((socket, _)) = accepted else {
                    // EMFILE and the like: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let conn = http.serve_connection(TokioIo::new(socket), service.clone());
                let conn = graceful.watch(conn.into_owned());
                conns.spawn(async move {
                    let _ = conn.await;
                });
            }
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
            // A message or a dropped sender: stop either way.
            _ = &mut stopped => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE, graceful.shutdown()).await;
}
