//! The signer: credentials plus endpoint, and a builder per request.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header::{self, HeaderName, HeaderValue};

use crate::params::Header;
use crate::presigned::SignedHeaders;
use crate::sign::canonical_request::Host;
use crate::sign::signature::SigningCache;
use crate::sign::{self, Input, Path, Prepared, QueryParam, Scope};
use crate::{AddressingStyle, Credentials, Endpoint, Error, Expiry, Method, PresignedRequest};

/// The payload hash of every S3 presigned URL: the body is not known when signing.
pub(crate) const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Makes presigned URLs for one set of credentials and one endpoint.
///
/// Cheap to share: `Presigner` is `Send + Sync`, and keeps the day's signing key (derived
/// with four HMACs of the secret) so each URL costs two SHA-256 passes. Build it once and
/// keep it in your application state.
///
/// # Examples
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use r2_presign::{Credentials, Endpoint, Expiry, Presigner};
///
/// let presigner = Presigner::new(
///     Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?,
///     Endpoint::r2("0123456789abcdef0123456789abcdef")?,
/// );
/// let now = UNIX_EPOCH + Duration::from_secs(1_764_612_312); // 2025-12-01T18:05:12Z
/// let upload = presigner
///     .put("user-uploads", "avatars/42/me.png")
///     .content_type("image/png")
///     .sign_at(Expiry::minutes(15), now)?;
/// assert!(upload.url().starts_with(
///     "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com/user-uploads/avatars/42/me.png?"
/// ));
/// assert_eq!(upload.headers().get("content-type").unwrap(), "image/png");
/// # Ok::<(), r2_presign::Error>(())
/// ```
pub struct Presigner {
    credentials: Credentials,
    endpoint: Endpoint,
    scope: Scope,
    /// `None` for virtual-hosted style, whose host changes with the bucket.
    prepared: Option<Prepared>,
    keys: SigningCache,
    buckets: HashMap<String, String>,
}

impl Presigner {
    /// A presigner for `credentials` at `endpoint`.
    pub fn new(credentials: Credentials, endpoint: Endpoint) -> Self {
        Self {
            scope: Scope::new(&credentials, endpoint.region(), "s3"),
            prepared: (endpoint.style() == AddressingStyle::Path)
                .then(|| Prepared::new(endpoint.scheme(), endpoint.authority(), UNSIGNED_PAYLOAD)),
            credentials,
            endpoint,
            keys: SigningCache::default(),
            buckets: HashMap::new(),
        }
    }

    /// Binds the logical bucket name `name` to the real bucket `bucket`, for request types
    /// declared with `#[presign(bucket_from = "name")]`: the same code signs for a staging
    /// bucket in staging and a production bucket in production.
    ///
    /// # Errors
    /// [`Error::InvalidBucketName`] / [`Error::BucketNotDnsLabel`] if `bucket` is not valid
    /// for this endpoint.
    pub fn with_bucket(
        mut self,
        name: impl Into<String>,
        bucket: impl Into<String>,
    ) -> Result<Self, Error> {
        let bucket = bucket.into();
        self.endpoint.check_bucket(&bucket)?;
        self.buckets.insert(name.into(), bucket);
        Ok(self)
    }

    /// The real bucket bound to the logical name `name` with [`with_bucket`](Self::with_bucket).
    ///
    /// # Errors
    /// [`Error::UnknownBucket`] if none is.
    pub fn bucket(&self, name: &str) -> Result<&str, Error> {
        self.buckets
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| Error::UnknownBucket {
                name: name.to_owned(),
            })
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The credentials' access key id.
    pub fn access_key_id(&self) -> &str {
        self.credentials.access_key_id()
    }

    /// Starts presigning `method` on `bucket`/`key`.
    pub fn request<'a>(
        &'a self,
        method: Method,
        bucket: &'a str,
        key: &'a str,
    ) -> PresignBuilder<'a> {
        PresignBuilder {
            presigner: self,
            method,
            bucket,
            key,
            headers: Vec::new(),
            query: Vec::new(),
            allow_dot_segments: false,
            error: None,
        }
    }

    /// Starts presigning a download (`GET`).
    pub fn get<'a>(&'a self, bucket: &'a str, key: &'a str) -> PresignBuilder<'a> {
        self.request(Method::Get, bucket, key)
    }

    /// Starts presigning a metadata read (`HEAD`).
    pub fn head<'a>(&'a self, bucket: &'a str, key: &'a str) -> PresignBuilder<'a> {
        self.request(Method::Head, bucket, key)
    }

    /// Starts presigning an upload (`PUT`).
    pub fn put<'a>(&'a self, bucket: &'a str, key: &'a str) -> PresignBuilder<'a> {
        self.request(Method::Put, bucket, key)
    }

    /// Starts presigning a deletion (`DELETE`).
    pub fn delete<'a>(&'a self, bucket: &'a str, key: &'a str) -> PresignBuilder<'a> {
        self.request(Method::Delete, bucket, key)
    }

    /// Forgets the cached signing key; the next URL derives it again. Only benchmarks of the
    /// cold path need this: the cache refreshes itself when the date changes.
    #[doc(hidden)]
    pub fn clear_key_cache(&self) {
        self.keys.clear();
    }
}

impl Clone for Presigner {
    fn clone(&self) -> Self {
        Self {
            buckets: self.buckets.clone(),
            ..Self::new(self.credentials.clone(), self.endpoint.clone())
        }
    }
}

impl fmt::Debug for Presigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Presigner")
            .field("credentials", &self.credentials)
            .field("endpoint", &self.endpoint)
            .field("buckets", &self.buckets)
            .finish_non_exhaustive()
    }
}

/// The canonical request, string to sign and signature behind a [`PresignedRequest`], from
/// [`PresignBuilder::sign_traced_at`]: what to compare when a server answers
/// `SignatureDoesNotMatch` (S3 returns its own canonical request in the error body).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningTrace {
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The hex signature (`X-Amz-Signature`).
    pub signature: String,
}

/// One request being presigned. Setters take and return the builder; the first invalid
/// input is kept and returned by [`sign`](Self::sign), so a chain needs one `?` at its end.
///
/// Headers set here are signed: the client must send them with exactly these values, and
/// they are listed in [`PresignedRequest::headers`]. Nothing is signed unless asked for (no
/// checksum parameters, no `x-id`), so every URL works on R2.
#[must_use = "a builder does nothing until `sign` is called"]
pub struct PresignBuilder<'a> {
    presigner: &'a Presigner,
    method: Method,
    bucket: &'a str,
    key: &'a str,
    headers: Vec<Header>,
    query: Vec<QueryParam<'a>>,
    allow_dot_segments: bool,
    // Boxed: the builder moves through every setter, and errors are the rare case.
    error: Option<Box<Error>>,
}

impl fmt::Debug for PresignBuilder<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresignBuilder")
            .field("method", &self.method)
            .field("bucket", &self.bucket)
            .field("key", &self.key)
            .field(
                "headers",
                &self.headers.iter().map(|h| &h.0).collect::<Vec<_>>(),
            )
            .field(
                "query",
                &self.query.iter().map(|q| &q.name).collect::<Vec<_>>(),
            )
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

/// The checksum algorithms S3 accepts in `x-amz-checksum-*` headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChecksumAlgorithm {
    /// `x-amz-checksum-crc32`.
    Crc32,
    /// `x-amz-checksum-crc32c`.
    Crc32c,
    /// `x-amz-checksum-crc64nvme`.
    Crc64Nvme,
    /// `x-amz-checksum-sha1`.
    Sha1,
    /// `x-amz-checksum-sha256`.
    Sha256,
}

impl ChecksumAlgorithm {
    /// The header carrying this checksum.
    pub const fn header_name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "x-amz-checksum-crc32",
            ChecksumAlgorithm::Crc32c => "x-amz-checksum-crc32c",
            ChecksumAlgorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            ChecksumAlgorithm::Sha1 => "x-amz-checksum-sha1",
            ChecksumAlgorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }
}

impl<'a> PresignBuilder<'a> {
    /// Signs a header: the client must send `name` with exactly `value`.
    ///
    /// The name is any HTTP token (it is lowercased); values with CR, LF or other control
    /// characters are refused ([`Error::InvalidHeaderValue`]), as are `host`,
    /// `authorization` and the `x-amz-*` headers the signer writes ([`Error::ReservedHeader`]).
    /// Setting the same header twice is [`Error::DuplicateHeader`].
    pub fn header(mut self, name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) -> Self {
        if self.error.is_some() {
            return self;
        }
        match crate::params::header_name(&name.into()) {
            Ok(name) => self.known_header(name, value.into()),
            Err(e) => {
                self.error = Some(Box::new(e));
                self
            }
        }
    }

    /// Signs a header whose name is known to be valid, lowercase and not reserved.
    fn known_header(mut self, name: HeaderName, value: Cow<'a, str>) -> Self {
        if self.error.is_some() {
            return self;
        }
        match crate::params::header_value(&name, value) {
            Ok(value) => self.headers.push((name, value)),
            Err(e) => self.error = Some(Box::new(e)),
        }
        self
    }

    /// Signs `content-type`: an upload with another media type gets
    /// `403 SignatureDoesNotMatch`.
    pub fn content_type(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.known_header(header::CONTENT_TYPE, value.into())
    }

    /// Signs `content-length`, pinning the exact size of the upload.
    pub fn content_length(mut self, len: u64) -> Self {
        if self.error.is_none() {
            self.headers
                .push((header::CONTENT_LENGTH, HeaderValue::from(len)));
        }
        self
    }

    /// Signs `content-md5` (base64 of the body's MD5); S3 checks the body against it.
    pub fn content_md5(self, base64: impl Into<Cow<'a, str>>) -> Self {
        self.known_header(HeaderName::from_static("content-md5"), base64.into())
    }

    /// Signs an `x-amz-checksum-*` header (base64 of the body's checksum); the store checks
    /// the body against it.
    pub fn checksum(self, algorithm: ChecksumAlgorithm, base64: impl Into<Cow<'a, str>>) -> Self {
        self.known_header(
            HeaderName::from_static(algorithm.header_name()),
            base64.into(),
        )
    }

    /// Signs `cache-control`, stored with the object and returned on download.
    pub fn cache_control(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.known_header(header::CACHE_CONTROL, value.into())
    }

    /// Signs `content-disposition`, stored with the object and returned on download.
    pub fn content_disposition(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.known_header(header::CONTENT_DISPOSITION, value.into())
    }

    /// Signs `content-encoding`, stored with the object.
    pub fn content_encoding(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.known_header(header::CONTENT_ENCODING, value.into())
    }

    /// Signs `content-language`, stored with the object.
    pub fn content_language(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.known_header(header::CONTENT_LANGUAGE, value.into())
    }

    /// Signs `expires` (an HTTP date), stored with the object.
    pub fn expires(self, http_date: impl Into<Cow<'a, str>>) -> Self {
        self.known_header(header::EXPIRES, http_date.into())
    }

    /// Signs the user metadata header `x-amz-meta-<name>` (the name is lowercased).
    pub fn metadata(self, name: &str, value: impl Into<Cow<'a, str>>) -> Self {
        let mut header = String::with_capacity(11 + name.len());
        header.push_str("x-amz-meta-");
        header.push_str(name);
        self.header(header, value)
    }

    /// Signs `x-amz-storage-class` (R2: `STANDARD` or `STANDARD_IA`).
    pub fn storage_class(self, class: impl Into<Cow<'a, str>>) -> Self {
        self.known_header(HeaderName::from_static("x-amz-storage-class"), class.into())
    }

    /// Signs `if-none-match`; `"*"` makes the upload write-once (`412` if the key exists).
    pub fn if_none_match(self, etag: impl Into<Cow<'a, str>>) -> Self {
        self.known_header(header::IF_NONE_MATCH, etag.into())
    }

    /// Signs `if-match`: the request succeeds only if the object's ETag matches.
    pub fn if_match(self, etag: impl Into<Cow<'a, str>>) -> Self {
        self.known_header(header::IF_MATCH, etag.into())
    }

    /// Signs an extra query parameter (`x-id`, `partNumber`, `uploadId`, the JS SDK's
    /// extras, ...). The `X-Amz-*` authentication parameters are refused
    /// ([`Error::ReservedQueryParameter`]), as is a name given twice, and `response-*` on
    /// PUT or DELETE ([`Error::ResponseOverrideNotAllowed`]).
    pub fn query(mut self, name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) -> Self {
        if self.error.is_some() {
            return self;
        }
        let name = name.into();
        match crate::params::query_name(&name) {
            Ok(()) => self.query.push(QueryParam {
                name,
                value: value.into(),
            }),
            Err(e) => self.error = Some(Box::new(e)),
        }
        self
    }

    /// `response-content-disposition` (GET/HEAD): e.g. `attachment; filename="report.pdf"`
    /// to make browsers save the download under that name.
    pub fn response_content_disposition(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.query("response-content-disposition", value)
    }

    /// `response-content-type` (GET/HEAD): the `content-type` of the response.
    pub fn response_content_type(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.query("response-content-type", value)
    }

    /// `response-cache-control` (GET/HEAD).
    pub fn response_cache_control(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.query("response-cache-control", value)
    }

    /// `response-content-encoding` (GET/HEAD).
    pub fn response_content_encoding(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.query("response-content-encoding", value)
    }

    /// `response-content-language` (GET/HEAD).
    pub fn response_content_language(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.query("response-content-language", value)
    }

    /// `response-expires` (GET/HEAD).
    pub fn response_expires(self, value: impl Into<Cow<'a, str>>) -> Self {
        self.query("response-expires", value)
    }

    /// Signs keys with `.` or `..` segments instead of refusing them ([`Error::DotSegment`]).
    ///
    /// Such a URL works only with a client that sends the path exactly as given
    /// (`curl --path-as-is`): `url`, reqwest and browsers remove the segments first. Default:
    /// `false`.
    pub fn allow_dot_segments(mut self, allow: bool) -> Self {
        self.allow_dot_segments = allow;
        self
    }

    /// Signs the request, valid for `expiry` from now (the system clock).
    ///
    /// # Errors
    /// The first invalid input given to the builder, or an invalid bucket, key or expiry
    /// (see [`Error`]).
    pub fn sign(self, expiry: impl Into<Expiry>) -> Result<PresignedRequest, Error> {
        self.sign_at(expiry, SystemTime::now())
    }

    /// Signs the request as of `now`, valid for `expiry` from then: [`sign`](Self::sign) with
    /// the clock injected, so tests are deterministic.
    ///
    /// # Errors
    /// As [`sign`](Self::sign), and [`Error::TimeOutOfRange`] for instants outside
    /// 1970..=9999.
    pub fn sign_at(
        mut self,
        expiry: impl Into<Expiry>,
        now: SystemTime,
    ) -> Result<PresignedRequest, Error> {
        self.finish(expiry.into(), now, None)
    }

    /// [`sign_at`](Self::sign_at), also returning the canonical request, string to sign and
    /// signature: for conformance tests and for debugging a `SignatureDoesNotMatch`.
    ///
    /// # Errors
    /// As [`sign_at`](Self::sign_at).
    pub fn sign_traced_at(
        mut self,
        expiry: impl Into<Expiry>,
        now: SystemTime,
    ) -> Result<(PresignedRequest, SigningTrace), Error> {
        let mut trace = sign::Trace::default();
        let req = self.finish(expiry.into(), now, Some(&mut trace))?;
        Ok((req, trace.into()))
    }

    fn finish(
        &mut self,
        expiry: Expiry,
        now: SystemTime,
        trace: Option<&mut sign::Trace>,
    ) -> Result<PresignedRequest, Error> {
        if let Some(e) = self.error.take() {
            return Err(*e);
        }
        let p = self.presigner;
        let endpoint = &p.endpoint;
        endpoint.check_bucket(self.bucket)?;
        crate::key::check(self.key, self.allow_dot_segments)?;
        let expires = expiry.check()?;
        crate::params::check_request(self.method, &mut self.headers, &self.query)?;
        let secs = crate::time::unix_secs(now)?;
        let (host_bucket, verbatim) = match endpoint.style() {
            AddressingStyle::Path => (None, ["/", self.bucket, "/"]),
            AddressingStyle::VirtualHosted => (Some(self.bucket), ["/", "", ""]),
        };
        let url = p.keys.with(secs, &p.scope, |signer| {
            let input = Input {
                method: self.method.as_str(),
                scheme: endpoint.scheme(),
                host: Host {
                    bucket: host_bucket,
                    authority: endpoint.authority(),
                },
                path: Path {
                    verbatim,
                    encoded: self.key,
                },
                query: &self.query,
                headers: &self.headers,
                payload_hash: UNSIGNED_PAYLOAD,
                scope: &p.scope,
                expires,
                datetime: signer.datetime,
                query_head: signer.query_head,
                prepared: p.prepared.as_ref(),
            };
            sign::presign(&input, signer, trace)
        })?;
        Ok(PresignedRequest {
            method: self.method,
            url,
            headers: SignedHeaders(std::mem::take(&mut self.headers)),
            expires_at: UNIX_EPOCH + Duration::from_secs(secs + u64::from(expires)),
        })
    }
}

impl From<sign::Trace> for SigningTrace {
    fn from(t: sign::Trace) -> Self {
        Self {
            canonical_request: t.canonical_request,
            string_to_sign: t.string_to_sign,
            signature: t.signature,
        }
    }
}
