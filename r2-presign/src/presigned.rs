//! The signer's output.

use std::fmt;
use std::time::SystemTime;

use http::{HeaderMap, HeaderName, HeaderValue};

use crate::Method;

/// The headers a presigned request was signed with, in name order: the client must send each
/// with exactly this value or the server answers `403 SignatureDoesNotMatch`. (`host` is
/// signed too, but every HTTP client sends it from the URL, so it is not listed.)
///
/// Convert to an [`http::HeaderMap`] with `HeaderMap::from(&headers)` to hand to a client.
///
/// # Examples
/// ```
/// # use std::time::{Duration, UNIX_EPOCH};
/// # use r2_presign::{Credentials, Endpoint, Expiry, Presigner};
/// # let presigner = Presigner::new(
/// #     Credentials::new("AKIDEXAMPLE", "secret")?,
/// #     Endpoint::r2("0123456789abcdef0123456789abcdef")?,
/// # );
/// let upload = presigner
///     .put("user-uploads", "avatars/42.png")
///     .content_type("image/png")
///     .content_length(1024)
///     .sign(Expiry::minutes(10))?;
/// let names: Vec<&str> = upload.headers().iter().map(|(n, _)| n.as_str()).collect();
/// assert_eq!(names, ["content-length", "content-type"]);
/// assert_eq!(upload.headers().get("Content-Type").unwrap(), "image/png");
/// let map = http::HeaderMap::from(upload.headers());
/// assert_eq!(map.len(), 2);
/// # Ok::<(), r2_presign::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SignedHeaders(pub(crate) Vec<(HeaderName, HeaderValue)>);

impl SignedHeaders {
    /// The value of `name` (any case), if it is signed.
    pub fn get(&self, name: &str) -> Option<&HeaderValue> {
        self.0
            .iter()
            .find(|(n, _)| n.as_str().eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The headers in name order.
    pub fn iter(&self) -> std::slice::Iter<'_, (HeaderName, HeaderValue)> {
        self.0.iter()
    }

    /// How many headers besides `host` are signed.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether only `host` is signed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a SignedHeaders {
    type Item = &'a (HeaderName, HeaderValue);
    type IntoIter = std::slice::Iter<'a, (HeaderName, HeaderValue)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl From<&SignedHeaders> for HeaderMap {
    fn from(headers: &SignedHeaders) -> Self {
        headers.0.iter().cloned().collect()
    }
}

impl From<SignedHeaders> for HeaderMap {
    fn from(headers: SignedHeaders) -> Self {
        headers.0.into_iter().collect()
    }
}

impl fmt::Debug for SignedHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(n, v)| (n, v)))
            .finish()
    }
}

/// A presigned request: the method, the URL, the headers the client must send, and when it
/// stops working.
///
/// The URL is a bearer token: anyone holding it can perform the request until
/// [`expires_at`](Self::expires_at). `Debug` therefore shows the URL without its query.
///
/// With the `serde` feature it serializes as
/// `{"method": "PUT", "url": "...", "headers": {"content-type": "image/png"}, "expires_at": "2025-12-01T19:05:12Z"}`,
/// ready to hand to a browser or an app.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedRequest {
    pub(crate) method: Method,
    pub(crate) url: String,
    pub(crate) headers: SignedHeaders,
    pub(crate) expires_at: SystemTime,
}

impl PresignedRequest {
    /// The method the URL is signed for; another method is refused by the server.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The presigned URL, exactly as signed. Use it as is: parsing it into a URL type and
    /// serializing it again may re-encode it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL up to (not including) its `?`: safe to log.
    pub fn url_without_query(&self) -> &str {
        self.url.split_once('?').map_or(&self.url, |(base, _)| base)
    }

    /// The signed headers the client must send, with exactly these values (`host` excepted:
    /// every HTTP client sends it from the URL). Empty when nothing but `host` is signed.
    pub fn headers(&self) -> &SignedHeaders {
        &self.headers
    }

    /// The instant the server starts refusing the URL: the signing time (whole seconds)
    /// plus the expiry.
    pub fn expires_at(&self) -> SystemTime {
        self.expires_at
    }

    /// Whether the URL has expired at `now`.
    pub fn is_expired_at(&self, now: SystemTime) -> bool {
        now >= self.expires_at
    }

    /// Whether the URL has expired by the system clock.
    pub fn is_expired(&self) -> bool {
        self.is_expired_at(SystemTime::now())
    }

    /// The parts, by value.
    pub fn into_parts(self) -> (Method, String, SignedHeaders, SystemTime) {
        (self.method, self.url, self.headers, self.expires_at)
    }
}

impl fmt::Debug for PresignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Redacted<'a>(&'a str);
        impl fmt::Debug for Redacted<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "\"{}?<signature redacted>\"", self.0)
            }
        }
        f.debug_struct("PresignedRequest")
            .field("method", &self.method)
            .field("url", &Redacted(self.url_without_query()))
            .field("headers", &self.headers)
            .field("expires_at", &crate::time::to_rfc3339(self.expires_at))
            .finish()
    }
}

#[cfg(feature = "serde")]
mod serde_impl {
    use std::borrow::Cow;
    use std::collections::BTreeMap;

    use http::{HeaderName, HeaderValue};
    use serde::de::Error as _;
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::PresignedRequest;
    use crate::Method;

    use super::SignedHeaders;

    impl Serialize for SignedHeaders {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(self.len()))?;
            for (name, value) in self {
                // Values are built from `&str`, so they are UTF-8.
                map.serialize_entry(name.as_str(), &String::from_utf8_lossy(value.as_bytes()))?;
            }
            map.end()
        }
    }

    impl Serialize for PresignedRequest {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(Some(4))?;
            map.serialize_entry("method", &self.method)?;
            map.serialize_entry("url", &self.url)?;
            map.serialize_entry("headers", &self.headers)?;
            map.serialize_entry("expires_at", &crate::time::to_rfc3339(self.expires_at))?;
            map.end()
        }
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Wire<'a> {
        method: Method,
        url: String,
        #[serde(default, borrow)]
        headers: BTreeMap<Cow<'a, str>, Cow<'a, str>>,
        #[serde(borrow)]
        expires_at: Cow<'a, str>,
    }

    impl<'de> Deserialize<'de> for PresignedRequest {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let wire = Wire::deserialize(d)?;
            let mut headers = Vec::with_capacity(wire.headers.len());
            for (name, value) in &wire.headers {
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(D::Error::custom)?;
                let value = HeaderValue::from_str(value).map_err(D::Error::custom)?;
                headers.push((name, value));
            }
            let expires_at = crate::time::from_rfc3339(&wire.expires_at).ok_or_else(|| {
                D::Error::custom("expires_at is not an RFC 3339 timestamp in UTC")
            })?;
            if !(wire.url.starts_with("https://") || wire.url.starts_with("http://")) {
                return Err(D::Error::custom("url is not an http(s) URL"));
            }
            Ok(PresignedRequest {
                method: wire.method,
                url: wire.url,
                headers: SignedHeaders(headers),
                expires_at,
            })
        }
    }
}
