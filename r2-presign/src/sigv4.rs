//! Generic SigV4 query-string presigning: the layer [`Presigner`](crate::Presigner) is built
//! on, with the service, region, path, headers and payload hash all chosen by the caller.
//!
//! This is for conformance testing against the AWS SigV4 test suite (generic service
//! `service`, payload hash of an empty body) and for the rare request the high-level API does
//! not describe. For R2 and S3 objects, use [`Presigner`](crate::Presigner): it validates
//! buckets and keys, uses `UNSIGNED-PAYLOAD`, caches the signing key, and offers only the
//! methods a presigned URL can grant.

use std::borrow::Cow;
use std::time::SystemTime;

use crate::presigner::SigningTrace;
use crate::sign::canonical_request::Host;
use crate::sign::signature::SigningCache;
use crate::sign::{self, Input, Path, QueryParam, Scope};
use crate::{Credentials, Endpoint, Error, Expiry};

/// `UNSIGNED-PAYLOAD`: the payload hash of S3 presigned URLs.
pub const UNSIGNED_PAYLOAD: &str = crate::presigner::UNSIGNED_PAYLOAD;

/// The hex SHA-256 of an empty body, the payload hash of the AWS test suite's query variants.
pub const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// A request to presign, described field by field.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    /// The method token, as sent (`GET`, `POST`, ...).
    pub method: &'a str,
    /// `http(s)://host[:port]`, normalized like [`Endpoint::custom`].
    pub origin: &'a str,
    /// The path before percent-encoding (`/` separators kept, nothing normalized); a `/` is
    /// put in front if it does not start with one.
    pub path: &'a str,
    /// Extra query parameters, not yet encoded. Repeated names are allowed and sorted by value.
    pub query: &'a [(&'a str, &'a str)],
    /// Extra headers to sign (`host` is always signed). Repeated names are joined with `,`
    /// in the order given, as SigV4 specifies.
    pub headers: &'a [(&'a str, &'a str)],
    /// The region of the credential scope.
    pub region: &'a str,
    /// The service of the credential scope (`s3`).
    pub service: &'a str,
    /// The last line of the canonical request: [`UNSIGNED_PAYLOAD`] or a hex SHA-256.
    pub payload_hash: &'a str,
    /// `X-Amz-Expires`.
    pub expires: Expiry,
    /// The signing instant.
    pub time: SystemTime,
}

/// Presigns `request` with `credentials`: returns the URL and the intermediate products.
///
/// # Errors
/// [`Error::InvalidEndpoint`] / [`Error::InvalidRegion`] for a bad origin or region,
/// [`Error::InvalidHeaderName`], [`Error::InvalidHeaderValue`], [`Error::ReservedHeader`],
/// [`Error::ReservedQueryParameter`], [`Error::InvalidExpiry`], [`Error::TimeOutOfRange`],
/// and [`Error::InvalidHeaderName`] for a method that is not an HTTP token.
///
/// # Examples
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use r2_presign::{Credentials, Expiry, sigv4};
///
/// // The AWS SigV4 test suite's `get-vanilla`, query-string variant.
/// let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?;
/// let (url, trace) = sigv4::presign(&creds, &sigv4::Request {
///     method: "GET",
///     origin: "https://example.amazonaws.com",
///     path: "/",
///     query: &[],
///     headers: &[],
///     region: "us-east-1",
///     service: "service",
///     payload_hash: sigv4::EMPTY_SHA256,
///     expires: Expiry::seconds(3600),
///     time: UNIX_EPOCH + Duration::from_secs(1_440_938_160),
/// })?;
/// assert_eq!(trace.signature, "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d");
/// assert!(url.ends_with("&X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d"));
/// # Ok::<(), r2_presign::Error>(())
/// ```
pub fn presign(
    credentials: &Credentials,
    request: &Request<'_>,
) -> Result<(String, SigningTrace), Error> {
    let endpoint = Endpoint::custom(request.origin, request.region)?;
    if !crate::params::is_token(request.method) {
        return Err(Error::InvalidHeaderName {
            name: request.method.to_owned(),
        });
    }
    let expires = request.expires.check()?;
    let mut headers = Vec::with_capacity(request.headers.len());
    for &(name, value) in request.headers {
        let name = crate::params::header_name(name)?;
        let value = crate::params::header_value(&name, Cow::Borrowed(value))?;
        headers.push((name, value));
    }
    crate::params::sort_headers(&mut headers);
    let mut query = Vec::with_capacity(request.query.len());
    for &(name, value) in request.query {
        crate::params::query_name(name)?;
        query.push(QueryParam {
            name: Cow::Borrowed(name),
            value: Cow::Borrowed(value),
        });
    }
    let lead = if request.path.starts_with('/') {
        ""
    } else {
        "/"
    };
    let scope = Scope::new(credentials, request.region, request.service);
    let secs = crate::time::unix_secs(request.time)?;
    let mut trace = sign::Trace::default();
    let url = SigningCache::default().with(secs, &scope, |signer| {
        let input = Input {
            method: request.method,
            scheme: endpoint.scheme(),
            host: Host {
                bucket: None,
                authority: endpoint.authority(),
            },
            path: Path {
                verbatim: [lead, "", ""],
                encoded: request.path,
            },
            query: &query,
            headers: &headers,
            payload_hash: request.payload_hash,
            scope: &scope,
            expires,
            datetime: signer.datetime,
            query_head: signer.query_head,
            prepared: None,
        };
        sign::presign(&input, signer, Some(&mut trace))
    })?;
    Ok((url, trace.into()))
}
