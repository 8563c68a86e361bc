//! Transfers through presigned URLs (feature `client`): upload, download, head and delete
//! with [`reqwest`] (rustls, no system OpenSSL) on tokio.
//!
//! The client sends exactly the headers a [`PresignedRequest`] lists, so a signed
//! `content-type` or `content-length` cannot be forgotten; refuses, before sending anything,
//! a request used for the wrong operation or already expired; streams files both ways
//! without reading them whole; writes downloads to a temporary file renamed into place only
//! when complete; and retries transient failures (connection errors, 5xx, 429) with bounded,
//! jittered backoff when the body can be sent again.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use r2_presign::client::{Body, Client};
//! use r2_presign::{Credentials, Endpoint, Expiry, Presigner};
//!
//! let presigner = Presigner::new(Credentials::from_env()?, Endpoint::r2("<ACCOUNT_ID>")?);
//! let client = Client::builder().build()?;
//!
//! let put = presigner.put("my-bucket", "report.pdf").content_type("application/pdf").sign(Expiry::minutes(5))?;
//! client.upload(&put, Body::file("report.pdf")).await?;
//!
//! let get = presigner.get("my-bucket", "report.pdf").sign(Expiry::minutes(5))?;
//! client.download(&get).progress(|p| eprintln!("{} of {:?}", p.done, p.total)).to_file("copy.pdf").await?;
//! # Ok(()) }
//! ```

mod error;
mod meta;
mod retry;

use std::future::{Future, IntoFuture};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, TryStreamExt};
use http::{HeaderMap, HeaderValue};
use tokio::io::AsyncWriteExt;

pub use error::{Error, ErrorCode, Refusal, ServerError};
pub use meta::ObjectMeta;
pub use retry::RetryPolicy;

use crate::{Method, PresignedRequest};
use error::Kind;

/// How far a transfer has got: bytes done, and the total when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes sent (uploads) or received (downloads) so far in this attempt.
    pub done: u64,
    /// The body's size, when known.
    pub total: Option<u64>,
}

type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;
type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;
type BoxError = Box<dyn std::error::Error + Send + Sync>;
/// A body ready for reqwest, and its length.
type MadeBody = Option<(reqwest::Body, u64)>;
type MakeFuture<'s> = Pin<Box<dyn Future<Output = Result<MadeBody, Error>> + Send + 's>>;

/// An upload body.
pub struct Body(BodyKind);

enum BodyKind {
    Bytes(Bytes),
    File(PathBuf),
    Stream(Option<ByteStream>, u64),
}

impl Body {
    /// Bytes in memory. Retried on transient failures.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Body(BodyKind::Bytes(bytes.into()))
    }

    /// A file, streamed from disk (never read whole into memory), its length sent as
    /// `content-length`. Retried on transient failures (the file is read again).
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Body(BodyKind::File(path.into()))
    }

    /// A stream of exactly `len` bytes (S3 needs the length up front). One-shot: never
    /// retried.
    pub fn stream<S, E>(stream: S, len: u64) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError> + 'static,
    {
        Body(BodyKind::Stream(
            Some(Box::pin(stream.map_err(Into::into))),
            len,
        ))
    }

    fn replayable(&self) -> bool {
        !matches!(self.0, BodyKind::Stream(..))
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            BodyKind::Bytes(b) => f.debug_tuple("Body::Bytes").field(&b.len()).finish(),
            BodyKind::File(p) => f.debug_tuple("Body::File").field(p).finish(),
            BodyKind::Stream(_, len) => f.debug_tuple("Body::Stream").field(len).finish(),
        }
    }
}

impl From<Bytes> for Body {
    fn from(b: Bytes) -> Self {
        Body::bytes(b)
    }
}

impl From<Vec<u8>> for Body {
    fn from(b: Vec<u8>) -> Self {
        Body::bytes(b)
    }
}

impl From<&'static [u8]> for Body {
    fn from(b: &'static [u8]) -> Self {
        Body::bytes(b)
    }
}

impl From<String> for Body {
    fn from(s: String) -> Self {
        Body::bytes(s)
    }
}

/// Configures a [`Client`].
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    timeout: Option<Duration>,
    connect_timeout: Duration,
    read_timeout: Duration,
    retry: RetryPolicy,
    chunk_size: usize,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            timeout: None,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            chunk_size: 256 * 1024,
        }
    }
}

impl ClientBuilder {
    /// A limit on each whole request, body included. Default: none (large transfers take
    /// as long as they take; `read_timeout` catches a stalled one).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A limit on establishing a connection. Default: 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// A limit on waiting for the next data from the server. Default: 60 s.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// How transient failures are retried. Default: [`RetryPolicy::default`] (3 retries,
    /// from 100 ms up to 5 s, with jitter).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The size of the pieces files are read in. Default: 256 KiB.
    pub fn chunk_size(mut self, bytes: usize) -> Self {
        self.chunk_size = bytes.max(4096);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// If the HTTP client cannot be set up (TLS initialisation).
    pub fn build(self) -> Result<Client, Error> {
        let mut http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .read_timeout(self.read_timeout)
            .redirect(reqwest::redirect::Policy::none());
        if let Some(timeout) = self.timeout {
            http = http.timeout(timeout);
        }
        let http = http
            .build()
            .map_err(|e| Error::new(Kind::Io, None).with_source(e.without_url()))?;
        Ok(Client {
            http,
            retry: self.retry,
            chunk_size: self.chunk_size,
        })
    }
}

/// Performs presigned requests. Cheap to clone (the connection pool is shared).
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    retry: RetryPolicy,
    chunk_size: usize,
}

/// What an upload returned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Uploaded {
    /// Bytes sent.
    pub size: u64,
    /// The object's new entity tag, if the server sent one.
    pub etag: Option<String>,
}

/// What a download to a file wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Downloaded {
    /// The object's metadata, from the response.
    pub meta: ObjectMeta,
    /// Bytes written.
    pub size: u64,
    /// Where the file is.
    pub path: PathBuf,
}

impl Client {
    /// A builder with the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Uploads `body` with a presigned PUT. Await it, or add a [`progress`](Upload::progress)
    /// callback first.
    pub fn upload<'a>(
        &'a self,
        request: &'a PresignedRequest,
        body: impl Into<Body>,
    ) -> Upload<'a> {
        Upload {
            client: self,
            request,
            body: body.into(),
            progress: None,
        }
    }

    /// Downloads with a presigned GET: await it for the bytes, or use
    /// [`to_file`](Download::to_file) or [`stream`](Download::stream).
    pub fn download<'a>(&'a self, request: &'a PresignedRequest) -> Download<'a> {
        Download {
            client: self,
            request,
            progress: None,
        }
    }

    /// Reads an object's metadata with a presigned HEAD.
    ///
    /// # Errors
    /// See [`Error`]; a missing object is status 404.
    pub async fn head(&self, request: &PresignedRequest) -> Result<ObjectMeta, Error> {
        let target = Target::new(request, Method::Head)?;
        let resp = self.send(&target, &mut NoBody).await?;
        Ok(ObjectMeta::from_headers(resp.headers()))
    }

    /// Deletes an object with a presigned DELETE.
    ///
    /// # Errors
    /// See [`Error`].
    pub async fn delete(&self, request: &PresignedRequest) -> Result<(), Error> {
        let target = Target::new(request, Method::Delete)?;
        self.send(&target, &mut NoBody).await?;
        Ok(())
    }

    /// Sends `target` until it succeeds, fails for good, or the retries run out.
    async fn send(
        &self,
        target: &Target<'_>,
        body: &mut dyn MakeBody,
    ) -> Result<reqwest::Response, Error> {
        let replayable = body.replayable();
        let mut retry = 0;
        loop {
            if target.request.is_expired() {
                return Err(Error::refused(Refusal::Expired, Some(target.base.clone())));
            }
            let mut headers = target.headers.clone();
            let body = match body.make(self.chunk_size, &target.base).await? {
                Some((b, len)) => {
                    // `insert`, not `append`: a signed `content-length` is replaced by the
                    // same value, never sent twice (which would break the signature).
                    headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(len));
                    Some(b)
                }
                None => None,
            };
            let mut req = self
                .http
                .request(target.method.clone(), target.url.clone())
                .headers(headers);
            if let Some(b) = body {
                req = req.body(b);
            }
            let (err, retry_after) = match req.send().await {
                Ok(resp) if resp.status().is_success() => return Ok(resp),
                Ok(resp) => {
                    let err = status_error(resp, &target.base).await;
                    let transient = err.status().is_some_and(retry::retryable_status);
                    if !(transient && replayable && retry < self.retry.max_retries) {
                        return Err(err);
                    }
                    let after = err.server().and_then(|s| s.retry_after);
                    (err, after)
                }
                Err(e) => {
                    let transient = !e.is_builder() && !e.is_redirect();
                    let err = Error::transport(e, &target.base);
                    if !(transient && replayable && retry < self.retry.max_retries) {
                        return Err(err);
                    }
                    (err, None)
                }
            };
            drop(err);
            tokio::time::sleep(self.retry.delay(retry, retry_after)).await;
            retry += 1;
        }
    }
}

/// A request about to be sent: checked, its URL parsed once.
struct Target<'a> {
    request: &'a PresignedRequest,
    method: http::Method,
    url: reqwest::Url,
    headers: HeaderMap,
    /// `scheme://host/path`, for errors.
    base: String,
}

impl<'a> Target<'a> {
    /// Refuses the wrong operation, an expired URL, and a URL the HTTP client would rewrite.
    fn new(request: &'a PresignedRequest, expected: Method) -> Result<Self, Error> {
        let base = request.url_without_query().to_owned();
        if request.method() != expected {
            return Err(Error::refused(
                Refusal::WrongMethod {
                    expected,
                    signed: request.method(),
                },
                Some(base),
            ));
        }
        if request.is_expired() {
            return Err(Error::refused(Refusal::Expired, Some(base)));
        }
        let url = reqwest::Url::parse(request.url())
            .ok()
            .filter(|u| u.as_str() == request.url())
            .ok_or_else(|| Error::refused(Refusal::Url, Some(base.clone())))?;
        Ok(Target {
            request,
            method: expected.into(),
            url,
            headers: HeaderMap::from(request.headers()),
            base,
        })
    }

    /// The signed `content-length`, if any.
    fn signed_length(&self) -> Option<u64> {
        self.headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
    }
}

async fn status_error(resp: reqwest::Response, base: &str) -> Error {
    let status = resp.status();
    let headers = resp.headers().clone();
    // An error body is small; a broken one is no reason to lose the status.
    let body = resp.bytes().await.unwrap_or_default();
    let server = ServerError::from_parts(status, &headers, &body);
    Error::new(Kind::Status(Box::new(server)), Some(base.to_owned()))
}

/// Makes the body of each attempt.
trait MakeBody: Send {
    fn make<'s>(&'s mut self, chunk_size: usize, base: &'s str) -> MakeFuture<'s>;
    fn replayable(&self) -> bool;
}

struct NoBody;

impl MakeBody for NoBody {
    fn make<'s>(&'s mut self, _: usize, _: &'s str) -> MakeFuture<'s> {
        Box::pin(async { Ok(None) })
    }

    fn replayable(&self) -> bool {
        true
    }
}

/// An upload body, made anew for each attempt, reporting progress as it is read.
struct UploadBody {
    body: Body,
    progress: Option<ProgressFn>,
    signed_length: Option<u64>,
    /// The length of the body last made: what the successful attempt sent.
    sent: u64,
}

/// The body for reqwest, reporting progress as it is read when asked to.
fn counted(progress: Option<&ProgressFn>, stream: ByteStream, total: u64) -> reqwest::Body {
    let Some(progress) = progress.cloned() else {
        return reqwest::Body::wrap_stream(stream);
    };
    let mut done = 0u64;
    progress(Progress {
        done,
        total: Some(total),
    });
    reqwest::Body::wrap_stream(stream.inspect_ok(move |chunk| {
        done += chunk.len() as u64;
        progress(Progress {
            done,
            total: Some(total),
        });
    }))
}

/// Refuses a body whose length differs from the signed `content-length`.
fn check_length(signed: Option<u64>, len: u64, base: &str) -> Result<(), Error> {
    match signed {
        Some(signed) if signed != len => Err(Error::refused(
            Refusal::LengthMismatch { signed, body: len },
            Some(base.to_owned()),
        )),
        _ => Ok(()),
    }
}

impl MakeBody for UploadBody {
    fn make<'s>(&'s mut self, chunk_size: usize, base: &'s str) -> MakeFuture<'s> {
        Box::pin(async move {
            let signed = self.signed_length;
            let made = match &mut self.body.0 {
                BodyKind::Bytes(bytes) => {
                    let bytes = bytes.clone();
                    let len = bytes.len() as u64;
                    check_length(signed, len, base)?;
                    if self.progress.is_none() {
                        (reqwest::Body::from(bytes), len)
                    } else {
                        let chunks: Vec<Result<Bytes, BoxError>> = (0..bytes.len())
                            .step_by(chunk_size)
                            .map(|at| Ok(bytes.slice(at..(at + chunk_size).min(bytes.len()))))
                            .collect();
                        let stream: ByteStream = Box::pin(futures_util::stream::iter(chunks));
                        (counted(self.progress.as_ref(), stream, len), len)
                    }
                }
                BodyKind::File(path) => {
                    let path = path.clone();
                    let io = |e| Error::io(e, Some(base.to_owned()));
                    let file = tokio::fs::File::open(&path).await.map_err(io)?;
                    let len = file.metadata().await.map_err(io)?.len();
                    check_length(signed, len, base)?;
                    // Exactly `len` bytes are sent, even if the file grows meanwhile.
                    let reader = tokio::io::AsyncReadExt::take(file, len);
                    let stream: ByteStream = Box::pin(
                        tokio_util::io::ReaderStream::with_capacity(reader, chunk_size)
                            .map_err(|e| Box::new(e) as BoxError),
                    );
                    (counted(self.progress.as_ref(), stream, len), len)
                }
                BodyKind::Stream(stream, len) => {
                    let len = *len;
                    check_length(signed, len, base)?;
                    // Only reached once: a stream body is never retried.
                    let Some(stream) = stream.take() else {
                        return Err(Error::refused(Refusal::Url, Some(base.to_owned())));
                    };
                    (counted(self.progress.as_ref(), stream, len), len)
                }
            };
            self.sent = made.1;
            Ok(Some(made))
        })
    }

    fn replayable(&self) -> bool {
        self.body.replayable()
    }
}

/// An upload in preparation: await it, after an optional [`progress`](Self::progress).
#[must_use = "an upload does nothing until awaited"]
pub struct Upload<'a> {
    client: &'a Client,
    request: &'a PresignedRequest,
    body: Body,
    progress: Option<ProgressFn>,
}

impl std::fmt::Debug for Upload<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload")
            .field("request", self.request)
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}

impl<'a> Upload<'a> {
    /// Calls `f` as bytes are sent (starting at 0; again from 0 if a retry starts over).
    pub fn progress(mut self, f: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// Sends the upload.
    ///
    /// # Errors
    /// [`Error::refusal`] if the request is not a PUT, has expired, or signs another
    /// `content-length` than the body's; otherwise what the server or the transport said.
    pub async fn send(self) -> Result<Uploaded, Error> {
        let target = Target::new(self.request, Method::Put)?;
        let mut body = UploadBody {
            signed_length: target.signed_length(),
            body: self.body,
            progress: self.progress,
            sent: 0,
        };
        let resp = self.client.send(&target, &mut body).await?;
        let etag = resp
            .headers()
            .get(http::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Ok(Uploaded {
            size: body.sent,
            etag,
        })
    }
}

impl<'a> IntoFuture for Upload<'a> {
    type Output = Result<Uploaded, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A download in preparation: await it for the bytes, or pick a destination.
#[must_use = "a download does nothing until awaited"]
pub struct Download<'a> {
    client: &'a Client,
    request: &'a PresignedRequest,
    progress: Option<ProgressFn>,
}

impl std::fmt::Debug for Download<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("request", self.request)
            .finish_non_exhaustive()
    }
}

impl<'a> Download<'a> {
    /// Calls `f` as bytes arrive (starting at 0; again from 0 if a retry starts over).
    pub fn progress(mut self, f: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// Downloads into memory.
    ///
    /// # Errors
    /// [`Error::refusal`] if the request is not a GET or has expired; a length mismatch if
    /// the body is cut short; otherwise what the server or the transport said.
    pub async fn bytes(self) -> Result<Bytes, Error> {
        let target = Target::new(self.request, Method::Get)?;
        let mut retry = 0;
        loop {
            let resp = self.client.send(&target, &mut NoBody).await?;
            let total = resp.content_length();
            let buf = Vec::with_capacity(
                usize::try_from(total.unwrap_or(0))
                    .unwrap_or(0)
                    .min(64 << 20),
            );
            let (buf, read) =
                pump(resp, target.base.clone(), total, buf, self.progress.clone()).await;
            match read {
                Ok(_) => return Ok(buf.into()),
                Err(e)
                    if retry < self.client.retry.max_retries
                        && (e.is_transport() || e.is_length_mismatch()) =>
                {
                    tokio::time::sleep(self.client.retry.delay(retry, None)).await;
                    retry += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Downloads into the file at `path`: written to a temporary file beside it, and renamed
    /// into place only when complete and as long as announced, so a failed or truncated
    /// download never leaves a partial file at `path`.
    ///
    /// # Errors
    /// As [`bytes`](Self::bytes), and [`Error::is_io`] for local file errors.
    pub async fn to_file(self, path: impl AsRef<Path>) -> Result<Downloaded, Error> {
        let path = path.as_ref();
        let target = Target::new(self.request, Method::Get)?;
        let io = |e| Error::io(e, Some(target.base.clone()));
        let mut retry = 0;
        loop {
            let resp = self.client.send(&target, &mut NoBody).await?;
            let meta = ObjectMeta::from_headers(resp.headers());
            let total = resp.content_length();
            let part = PartFile::create(path).await.map_err(io)?;
            let out = tokio::io::BufWriter::with_capacity(1 << 20, part.open().await.map_err(io)?);
            let (mut out, written) =
                pump(resp, target.base.clone(), total, out, self.progress.clone()).await;
            let written = match written {
                Ok(n) => n,
                Err(e)
                    if retry < self.client.retry.max_retries
                        && (e.is_transport() || e.is_length_mismatch()) =>
                {
                    drop(out);
                    drop(part);
                    tokio::time::sleep(self.client.retry.delay(retry, None)).await;
                    retry += 1;
                    continue;
                }
                Err(e) => return Err(e),
            };
            out.flush().await.map_err(io)?;
            drop(out);
            part.commit(path).await.map_err(io)?;
            return Ok(Downloaded {
                meta,
                size: written,
                path: path.to_owned(),
            });
        }
    }

    /// Starts a download and returns it as a stream of chunks, with the object's metadata.
    /// Once streaming has begun, a failure is not retried.
    ///
    /// # Errors
    /// As [`bytes`](Self::bytes), for the response's head.
    pub async fn stream(self) -> Result<DownloadStream, Error> {
        let target = Target::new(self.request, Method::Get)?;
        let resp = self.client.send(&target, &mut NoBody).await?;
        Ok(DownloadStream {
            meta: ObjectMeta::from_headers(resp.headers()),
            total: resp.content_length(),
            received: 0,
            progress: self.progress,
            base: target.base,
            resp,
        })
    }
}

/// Reads the body chunk by chunk into `sink`, counting and checking the length, and gives
/// the sink back.
///
/// The loop runs in its own task, beside the connection's: awaited inline on a caller's
/// thread, every chunk would cross threads, costing about twice curl's CPU per GiB. The task
/// is aborted if the download is dropped.
async fn pump<S: Sink + Send + 'static>(
    mut resp: reqwest::Response,
    base: String,
    total: Option<u64>,
    mut sink: S,
    progress: Option<ProgressFn>,
) -> (S, Result<u64, Error>) {
    let task = tokio::spawn(async move {
        let report = |done| {
            if let Some(p) = &progress {
                p(Progress { done, total });
            }
        };
        let mut done = 0u64;
        report(done);
        loop {
            let chunk = match resp.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(e) => return (sink, Err(Error::transport(e, &base))),
            };
            done += chunk.len() as u64;
            if let Err(e) = sink.put(&chunk).await {
                return (sink, Err(Error::io(e, Some(base))));
            }
            report(done);
        }
        let result = match total {
            Some(expected) if expected != done => Err(Error::new(
                Kind::Length {
                    expected,
                    actual: done,
                },
                Some(base),
            )),
            _ => Ok(done),
        };
        (sink, result)
    });
    let mut task = AbortOnDrop(task);
    match (&mut task.0).await {
        Ok(out) => out,
        // The loop does not panic; if a progress callback did, carry the panic on.
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// Aborts a spawned task when dropped (a no-op once it has finished).
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<'a> IntoFuture for Download<'a> {
    type Output = Result<Bytes, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.bytes())
    }
}

/// A download being received chunk by chunk.
pub struct DownloadStream {
    meta: ObjectMeta,
    total: Option<u64>,
    received: u64,
    progress: Option<ProgressFn>,
    base: String,
    resp: reqwest::Response,
}

impl std::fmt::Debug for DownloadStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DownloadStream")
            .field("meta", &self.meta)
            .field("received", &self.received)
            .finish_non_exhaustive()
    }
}

impl DownloadStream {
    /// The object's metadata, from the response headers.
    pub fn meta(&self) -> &ObjectMeta {
        &self.meta
    }

    /// The next chunk, or `None` at the end.
    ///
    /// # Errors
    /// A transport error, or a length mismatch if the body ended before its announced length.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        match self
            .resp
            .chunk()
            .await
            .map_err(|e| Error::transport(e, &self.base))?
        {
            Some(chunk) => {
                self.received += chunk.len() as u64;
                if let Some(p) = &self.progress {
                    p(Progress {
                        done: self.received,
                        total: self.total,
                    });
                }
                Ok(Some(chunk))
            }
            None => match self.total {
                Some(expected) if expected != self.received => Err(Error::new(
                    Kind::Length {
                        expected,
                        actual: self.received,
                    },
                    Some(self.base.clone()),
                )),
                _ => Ok(None),
            },
        }
    }
}

/// Where downloaded chunks go.
trait Sink {
    fn put(&mut self, chunk: &[u8]) -> impl Future<Output = std::io::Result<()>> + Send;
}

impl Sink for Vec<u8> {
    async fn put(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        self.extend_from_slice(chunk);
        Ok(())
    }
}

impl Sink for tokio::io::BufWriter<tokio::fs::File> {
    async fn put(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        self.write_all(chunk).await
    }
}

/// A temporary file beside the destination, removed on drop unless committed.
struct PartFile {
    path: PathBuf,
    committed: bool,
}

impl PartFile {
    async fn create(dest: &Path) -> std::io::Result<Self> {
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = dest
            .file_name()
            .map_or_else(|| "download".into(), |n| n.to_string_lossy().into_owned());
        let suffix = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = dir.join(format!(".{name}.{}-{suffix:x}.part", std::process::id()));
        tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await?;
        Ok(PartFile {
            path,
            committed: false,
        })
    }

    async fn open(&self) -> std::io::Result<tokio::fs::File> {
        tokio::fs::OpenOptions::new()
            .write(true)
            .open(&self.path)
            .await
    }

    async fn commit(mut self, dest: &Path) -> std::io::Result<()> {
        tokio::fs::rename(&self.path, dest).await?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for PartFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}
