//! The caller-mistake errors of the signer.

use std::fmt;
use std::time::Duration;

use crate::Method;

/// Why a presigned request could not be made.
///
/// Every variant is a mistake in what the caller asked for (a bad bucket name, an expiry of
/// eight days, a header value with a line break); the signer does no I/O and cannot fail
/// otherwise. No variant carries a secret: the secret access key and the session token are
/// never part of an error, and header values are named, not shown.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A credential was empty. `field` is `"access key id"` or `"secret access key"` or
    /// `"session token"`.
    EmptyCredential {
        /// Which credential was empty.
        field: &'static str,
    },
    /// A credential could not be read from the environment: neither the `R2_` variable nor its
    /// `AWS_` fallback is set (or it is not valid Unicode). Names the variable to set.
    MissingEnvVar {
        /// The variable to set.
        name: &'static str,
        /// The variable read when the first is absent, if any.
        fallback: Option<&'static str>,
    },
    /// The Cloudflare account id is not 32 hexadecimal digits (it is shown on the R2 overview
    /// page of the dashboard).
    InvalidAccountId {
        /// The id as given.
        account_id: String,
    },
    /// The endpoint URL is not `http(s)://host[:port]` with an ASCII host and nothing else.
    InvalidEndpoint {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The region is empty or holds characters that cannot appear in a credential scope.
    InvalidRegion {
        /// The region as given.
        region: String,
    },
    /// The bucket name breaks the naming rules of its endpoint (R2: 3 to 63 characters of
    /// `a-z`, `0-9` and `-`, not starting or ending with `-`).
    InvalidBucketName {
        /// The name as given.
        bucket: String,
        /// Which rule it breaks.
        reason: &'static str,
    },
    /// Virtual-hosted style puts the bucket in the host name, so it must be a single DNS
    /// label; a bucket with a `.` needs path style.
    BucketNotDnsLabel {
        /// The name as given.
        bucket: String,
    },
    /// The object key is empty; S3 keys are 1 to 1024 bytes.
    EmptyKey,
    /// The object key is longer than S3's limit of 1024 bytes of UTF-8.
    KeyTooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The key has a `.` or `..` path segment. Every URL parser (the `url` crate behind
    /// reqwest, browsers, `curl` without `--path-as-is`) removes such segments before sending,
    /// so the signature would not match what arrives. Rename the object, or opt in with
    /// `allow_dot_segments` for a client that sends the path as is.
    DotSegment {
        /// The key as given.
        key: String,
    },
    /// The expiry is not a whole number of seconds from 1 second to 7 days (604800 s), the
    /// range SigV4 presigned URLs allow. It is never clamped.
    InvalidExpiry {
        /// The expiry as given.
        expiry: Duration,
    },
    /// The expiry is longer than the maximum the request type declares
    /// (`#[presign(max_expiry = ...)]`).
    ExpiryExceedsMax {
        /// The expiry asked for.
        expiry: Duration,
        /// The declared maximum.
        max: Duration,
    },
    /// The signing instant is before 1970 or after the year 9999.
    TimeOutOfRange,
    /// A header name is not an HTTP token (letters, digits and ``!#$%&'*+-.^_`|~``).
    InvalidHeaderName {
        /// The name as given.
        name: String,
    },
    /// A header value holds CR, LF or another control character, which could split the
    /// request. The value itself is not shown: it may be sensitive.
    InvalidHeaderValue {
        /// The header's name.
        name: String,
    },
    /// The header is set by the signer or the HTTP client itself (`host`, `authorization`,
    /// `x-amz-date`, ...), and cannot be signed as an extra header.
    ReservedHeader {
        /// The header's name.
        name: String,
    },
    /// The same header was given twice.
    DuplicateHeader {
        /// The header's name.
        name: String,
    },
    /// A query parameter name is empty or is one of the authentication parameters the signer
    /// writes (`X-Amz-Signature`, `X-Amz-Credential`, ...).
    ReservedQueryParameter {
        /// The name as given.
        name: String,
    },
    /// The same query parameter was given twice.
    DuplicateQueryParameter {
        /// The name as given.
        name: String,
    },
    /// `response-*` overrides change the response of a GET or HEAD; S3 ignores or rejects
    /// them on other methods.
    ResponseOverrideNotAllowed {
        /// The parameter.
        name: String,
        /// The request's method.
        method: Method,
    },
    /// A placeholder value of a `#[derive(Presign)]` key template would escape its path
    /// segment (it is empty, `.` or `..`, or holds `/`, `\` or a control character).
    InvalidKeySegment {
        /// The placeholder's name.
        placeholder: &'static str,
        /// Which rule the value breaks.
        reason: &'static str,
    },
    /// A bucket bound at run time (`#[presign(bucket_from = "...")]`) has no entry in the
    /// presigner's bucket map.
    UnknownBucket {
        /// The logical name looked up.
        name: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::EmptyCredential { field } => write!(f, "the {field} is empty"),
            Error::MissingEnvVar {
                name,
                fallback: Some(fallback),
            } => write!(
                f,
                "environment variable {name} (or {fallback}) is not set or not valid Unicode"
            ),
            Error::MissingEnvVar {
                name,
                fallback: None,
            } => {
                write!(
                    f,
                    "environment variable {name} is not set or not valid Unicode"
                )
            }
            Error::InvalidAccountId { account_id } => write!(
                f,
                "invalid R2 account id {account_id:?}: expected 32 hexadecimal digits"
            ),
            Error::InvalidEndpoint { url, reason } => {
                write!(f, "invalid endpoint URL {url:?}: {reason}")
            }
            Error::InvalidRegion { region } => write!(
                f,
                "invalid region {region:?}: expected a non-empty name without `/` or whitespace"
            ),
            Error::InvalidBucketName { bucket, reason } => {
                write!(f, "invalid bucket name {bucket:?}: {reason}")
            }
            Error::BucketNotDnsLabel { bucket } => write!(
                f,
                "bucket {bucket:?} cannot be used with virtual-hosted style: it is not a \
                 single DNS label; use path style"
            ),
            Error::EmptyKey => f.write_str("object key is empty: keys are 1 to 1024 bytes"),
            Error::KeyTooLong { len } => write!(
                f,
                "object key is {len} bytes long: keys are at most 1024 bytes of UTF-8"
            ),
            Error::DotSegment { key } => write!(
                f,
                "object key {key:?} has a `.` or `..` path segment, which URL parsers remove \
                 before sending, so the signature could not match; opt in with \
                 `allow_dot_segments` only for clients that send the path as is"
            ),
            Error::InvalidExpiry { expiry } => write!(
                f,
                "expiry of {expiry:?} is out of range: presigned URLs last whole seconds from \
                 1 second to 7 days (604800 s)"
            ),
            Error::ExpiryExceedsMax { expiry, max } => write!(
                f,
                "expiry of {} s exceeds the declared max_expiry of {} s",
                expiry.as_secs(),
                max.as_secs()
            ),
            Error::TimeOutOfRange => {
                f.write_str("signing time is out of range: it must fall within 1970..=9999")
            }
            Error::InvalidHeaderName { name } => {
                write!(f, "invalid header name {name:?}: expected an HTTP token")
            }
            Error::InvalidHeaderValue { name } => write!(
                f,
                "value of header `{name}` contains CR, LF or another control character"
            ),
            Error::ReservedHeader { name } => write!(
                f,
                "header `{name}` is set by the signer or the HTTP client and cannot be signed \
                 as an extra header"
            ),
            Error::DuplicateHeader { name } => write!(f, "header `{name}` is given twice"),
            Error::ReservedQueryParameter { name } => write!(
                f,
                "query parameter {name:?} is empty or reserved for the signature"
            ),
            Error::DuplicateQueryParameter { name } => {
                write!(f, "query parameter {name:?} is given twice")
            }
            Error::ResponseOverrideNotAllowed { name, method } => write!(
                f,
                "`{name}` overrides the response of a GET or HEAD and cannot be used with {method}"
            ),
            Error::InvalidKeySegment {
                placeholder,
                reason,
            } => write!(f, "value of key placeholder `{{{placeholder}}}` {reason}"),
            Error::UnknownBucket { name } => write!(
                f,
                "no bucket is configured for {name:?}: add it with Presigner::with_bucket"
            ),
        }
    }
}

impl std::error::Error for Error {}
