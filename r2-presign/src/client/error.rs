//! Transfer errors: typed S3 error codes, and transport failures told apart.
//!
//! A presigned URL is a bearer token, so no error ever holds its query (the signature, the
//! credential, a session token): only `scheme://host/path` is kept, for context.

use std::fmt;
use std::time::Duration;

use http::StatusCode;

use crate::Method;

/// Why a transfer failed.
///
/// Ask what happened with the `is_*` methods, [`status`](Self::status) and
/// [`code`](Self::code). `Display` is a short phrase; the underlying cause, if any, is
/// [`source`](std::error::Error::source).
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: Kind,
    /// `scheme://host/path` of the request: never the query.
    url: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

#[derive(Debug)]
pub(crate) enum Kind {
    /// The request was refused locally, before anything was sent.
    Refused(Refusal),
    /// The server answered with an error status.
    Status(Box<ServerError>),
    /// Connecting, sending or receiving failed.
    Transport { timeout: bool, connect: bool },
    /// The body had another length than announced.
    Length { expected: u64, actual: u64 },
    /// Reading or writing a local file failed.
    Io,
}

/// Why a request was refused before it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The presigned request is for another operation (an upload with a GET URL).
    WrongMethod {
        /// The method the operation needs.
        expected: Method,
        /// The method the URL was signed for.
        signed: Method,
    },
    /// The presigned request has expired; the server would refuse it.
    Expired,
    /// The body's length differs from the `content-length` the URL was signed with.
    LengthMismatch {
        /// The signed length.
        signed: u64,
        /// The body's length.
        body: u64,
    },
    /// The URL cannot be sent as signed (it is not a valid URL, or an HTTP client would
    /// rewrite it, as with `.`/`..` segments).
    Url,
}

/// What the server said: status, S3 error code and message, request id.
#[derive(Debug, Clone)]
pub struct ServerError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The S3 error code (`SignatureDoesNotMatch`, ...), when the response had an error body.
    pub code: Option<ErrorCode>,
    /// The server's message, if any.
    pub message: Option<String>,
    /// The request id (`x-amz-request-id` or `<RequestId>`), for support tickets.
    pub request_id: Option<String>,
    /// How long the server asked to wait before retrying (`Retry-After`), if it did.
    pub retry_after: Option<Duration>,
}

/// S3 error codes (<https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html>).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// Access denied, including `Request has expired` (see [`Error::is_expired`]).
    AccessDenied,
    /// The signature does not match: the URL was altered, or a signed header was sent with
    /// another value, or the secret is wrong.
    SignatureDoesNotMatch,
    /// The access key id is unknown.
    InvalidAccessKeyId,
    /// The object does not exist.
    NoSuchKey,
    /// The bucket does not exist.
    NoSuchBucket,
    /// The upload is larger than allowed.
    EntityTooLarge,
    /// The upload is smaller than allowed.
    EntityTooSmall,
    /// A conditional request failed (`if-none-match: *` on an existing object).
    PreconditionFailed,
    /// The body does not match its signed `content-md5` or checksum.
    BadDigest,
    /// The signing time is too far from the server's clock.
    RequestTimeTooSkewed,
    /// The session token has expired.
    ExpiredToken,
    /// An argument was invalid.
    InvalidArgument,
    /// The request was invalid.
    InvalidRequest,
    /// The server is throttling requests.
    SlowDown,
    /// The server failed.
    InternalError,
    /// The server is unavailable.
    ServiceUnavailable,
    /// The server does not implement what was asked.
    NotImplemented,
    /// Any other code, as sent.
    Other(String),
}

impl ErrorCode {
    pub(crate) fn parse(code: &str) -> Self {
        match code {
            "AccessDenied" => ErrorCode::AccessDenied,
            "SignatureDoesNotMatch" => ErrorCode::SignatureDoesNotMatch,
            "InvalidAccessKeyId" => ErrorCode::InvalidAccessKeyId,
            "NoSuchKey" => ErrorCode::NoSuchKey,
            "NoSuchBucket" => ErrorCode::NoSuchBucket,
            "EntityTooLarge" => ErrorCode::EntityTooLarge,
            "EntityTooSmall" => ErrorCode::EntityTooSmall,
            "PreconditionFailed" => ErrorCode::PreconditionFailed,
            "BadDigest" => ErrorCode::BadDigest,
            "RequestTimeTooSkewed" => ErrorCode::RequestTimeTooSkewed,
            "ExpiredToken" => ErrorCode::ExpiredToken,
            "InvalidArgument" => ErrorCode::InvalidArgument,
            "InvalidRequest" => ErrorCode::InvalidRequest,
            "SlowDown" => ErrorCode::SlowDown,
            "InternalError" => ErrorCode::InternalError,
            "ServiceUnavailable" => ErrorCode::ServiceUnavailable,
            "NotImplemented" => ErrorCode::NotImplemented,
            other => ErrorCode::Other(other.to_owned()),
        }
    }

    /// The code as S3 spells it.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::AccessDenied => "AccessDenied",
            ErrorCode::SignatureDoesNotMatch => "SignatureDoesNotMatch",
            ErrorCode::InvalidAccessKeyId => "InvalidAccessKeyId",
            ErrorCode::NoSuchKey => "NoSuchKey",
            ErrorCode::NoSuchBucket => "NoSuchBucket",
            ErrorCode::EntityTooLarge => "EntityTooLarge",
            ErrorCode::EntityTooSmall => "EntityTooSmall",
            ErrorCode::PreconditionFailed => "PreconditionFailed",
            ErrorCode::BadDigest => "BadDigest",
            ErrorCode::RequestTimeTooSkewed => "RequestTimeTooSkewed",
            ErrorCode::ExpiredToken => "ExpiredToken",
            ErrorCode::InvalidArgument => "InvalidArgument",
            ErrorCode::InvalidRequest => "InvalidRequest",
            ErrorCode::SlowDown => "SlowDown",
            ErrorCode::InternalError => "InternalError",
            ErrorCode::ServiceUnavailable => "ServiceUnavailable",
            ErrorCode::NotImplemented => "NotImplemented",
            ErrorCode::Other(code) => code,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ServerError {
    /// Reads an S3 error response: the XML body's `Code`, `Message` and `RequestId`, or,
    /// without a body (HEAD), the status alone.
    pub(crate) fn from_parts(status: StatusCode, headers: &http::HeaderMap, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let retry_after = header("retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        ServerError {
            status,
            code: xml_tag(&text, "Code").map(|c| ErrorCode::parse(&c)),
            message: xml_tag(&text, "Message"),
            request_id: xml_tag(&text, "RequestId")
                .or_else(|| header("x-amz-request-id"))
                .or_else(|| header("x-openstack-request-id"))
                .or_else(|| header("x-trans-id")),
            retry_after,
        }
    }
}

/// The text of the first `<name>...</name>`, unescaped.
fn xml_tag(xml: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = xml.find(&open)? + open.len();
    let len = xml[start..].find(&close)?;
    let raw = &xml[start..start + len];
    Some(
        raw.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

impl Error {
    pub(crate) fn new(kind: Kind, url: Option<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                url,
                source: None,
            }),
        }
    }

    pub(crate) fn with_source(
        mut self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    pub(crate) fn refused(refusal: Refusal, url: Option<String>) -> Self {
        Error::new(Kind::Refused(refusal), url)
    }

    /// Wraps a reqwest error, dropping its URL (which holds the signature).
    pub(crate) fn transport(err: reqwest::Error, url: &str) -> Self {
        let timeout = err.is_timeout();
        let connect = err.is_connect();
        Error::new(Kind::Transport { timeout, connect }, Some(url.to_owned()))
            .with_source(err.without_url())
    }

    pub(crate) fn io(err: std::io::Error, url: Option<String>) -> Self {
        Error::new(Kind::Io, url).with_source(err)
    }

    /// The request was refused locally, before anything was sent: the wrong operation for
    /// the URL, an expired URL, or a body whose length differs from the signed one.
    pub fn refusal(&self) -> Option<&Refusal> {
        match &self.inner.kind {
            Kind::Refused(r) => Some(r),
            _ => None,
        }
    }

    /// The server answered with an error status.
    pub fn is_status(&self) -> bool {
        matches!(self.inner.kind, Kind::Status(_))
    }

    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.server().map(|s| s.status)
    }

    /// The S3 error code, if the server sent one.
    pub fn code(&self) -> Option<&ErrorCode> {
        self.server().and_then(|s| s.code.as_ref())
    }

    /// Everything the server said.
    pub fn server(&self) -> Option<&ServerError> {
        match &self.inner.kind {
            Kind::Status(s) => Some(s),
            _ => None,
        }
    }

    /// The URL had expired: refused locally, or by the server (`AccessDenied` with
    /// "Request has expired", or `ExpiredToken`).
    pub fn is_expired(&self) -> bool {
        match &self.inner.kind {
            Kind::Refused(Refusal::Expired) => true,
            Kind::Status(s) => match &s.code {
                Some(ErrorCode::ExpiredToken) => true,
                Some(ErrorCode::AccessDenied) => s
                    .message
                    .as_deref()
                    .is_some_and(|m| m.to_ascii_lowercase().contains("expired")),
                _ => false,
            },
            _ => false,
        }
    }

    /// The server rejected the signature (`SignatureDoesNotMatch`): the URL was altered, a
    /// signed header was sent with another value, or the secret is wrong.
    pub fn is_signature_mismatch(&self) -> bool {
        self.code() == Some(&ErrorCode::SignatureDoesNotMatch)
    }

    /// A timeout elapsed (connecting, or waiting for data).
    pub fn is_timeout(&self) -> bool {
        matches!(self.inner.kind, Kind::Transport { timeout: true, .. })
    }

    /// Connecting to the server failed.
    pub fn is_connect(&self) -> bool {
        matches!(self.inner.kind, Kind::Transport { connect: true, .. })
    }

    /// Sending or receiving failed at the transport level (connection reset, timeout, ...).
    pub fn is_transport(&self) -> bool {
        matches!(self.inner.kind, Kind::Transport { .. })
    }

    /// A body had another length than announced (a download cut short).
    pub fn is_length_mismatch(&self) -> bool {
        matches!(self.inner.kind, Kind::Length { .. })
    }

    /// Reading or writing a local file failed.
    pub fn is_io(&self) -> bool {
        matches!(self.inner.kind, Kind::Io)
    }

    /// `scheme://host/path` of the request: the query, which holds the signature, is never
    /// kept.
    pub fn url(&self) -> Option<&str> {
        self.inner.url.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            Kind::Refused(Refusal::WrongMethod { expected, signed }) => write!(
                f,
                "refused before sending: this operation needs a URL presigned for {expected}, \
                 not {signed}"
            ),
            Kind::Refused(Refusal::Expired) => {
                f.write_str("refused before sending: the presigned URL has expired")
            }
            Kind::Refused(Refusal::LengthMismatch { signed, body }) => write!(
                f,
                "refused before sending: the body is {body} bytes but the URL was signed for \
                 content-length {signed}"
            ),
            Kind::Refused(Refusal::Url) => {
                f.write_str("refused before sending: the presigned URL would not be sent as signed")
            }
            Kind::Status(s) => {
                write!(f, "server answered {}", s.status)?;
                if let Some(code) = &s.code {
                    write!(f, " {code}")?;
                }
                if let Some(message) = &s.message {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
            Kind::Transport { timeout: true, .. } => f.write_str("request timed out"),
            Kind::Transport { connect: true, .. } => f.write_str("could not connect"),
            Kind::Transport { .. } => f.write_str("transfer failed"),
            Kind::Length { expected, actual } => {
                write!(f, "body was {actual} bytes, but {expected} were announced")
            }
            Kind::Io => f.write_str("local file error"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.inner.kind);
        if let Some(url) = &self.inner.url {
            d.field("url", url);
        }
        if let Some(source) = &self.inner.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_ref()
            .map(|s| &**s as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_s3_error_bodies() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Request has expired</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>"#;
        let s = ServerError::from_parts(StatusCode::FORBIDDEN, &http::HeaderMap::new(), body);
        assert_eq!(s.code, Some(ErrorCode::AccessDenied));
        assert_eq!(s.message.as_deref(), Some("Request has expired"));
        assert_eq!(s.request_id.as_deref(), Some("4442587FB7D0A2F9"));
        let e = Error::new(Kind::Status(Box::new(s)), Some("https://h/b/k".into()));
        assert!(e.is_expired() && e.is_status() && !e.is_signature_mismatch());
        assert_eq!(e.status(), Some(StatusCode::FORBIDDEN));
        assert_eq!(
            e.to_string(),
            "server answered 403 Forbidden AccessDenied: Request has expired"
        );

        let body = b"<Error><Code>SignatureDoesNotMatch</Code><Message>a &amp; b &lt;c&gt;</Message></Error>";
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amz-request-id", "abc".parse().unwrap());
        headers.insert("retry-after", "3".parse().unwrap());
        let s = ServerError::from_parts(StatusCode::FORBIDDEN, &headers, body);
        assert_eq!(s.code, Some(ErrorCode::SignatureDoesNotMatch));
        assert_eq!(s.message.as_deref(), Some("a & b <c>"));
        assert_eq!(s.request_id.as_deref(), Some("abc"));
        assert_eq!(s.retry_after, Some(Duration::from_secs(3)));
        assert_eq!(
            ErrorCode::parse("Custom"),
            ErrorCode::Other("Custom".into())
        );
        assert_eq!(ErrorCode::parse("NoSuchKey").as_str(), "NoSuchKey");
    }
}
