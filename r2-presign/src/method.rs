//! The four operations a presigned URL can grant.

use std::fmt;

/// The HTTP method a presigned URL is signed for, and so the one S3 operation it grants.
///
/// R2 has no presigned `POST` (browser form uploads), so there is no variant for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// Download the object ([GetObject](https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html)).
    Get,
    /// Read the object's metadata ([HeadObject](https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html)).
    Head,
    /// Upload the object ([PutObject](https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html)).
    Put,
    /// Delete the object ([DeleteObject](https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html)).
    Delete,
}

impl Method {
    /// The method as it appears on the wire: `"GET"`, `"HEAD"`, `"PUT"` or `"DELETE"`.
    ///
    /// # Examples
    /// ```
    /// assert_eq!(r2_presign::Method::Put.as_str(), "PUT");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Whether `response-*` overrides apply (GET and HEAD).
    pub const fn allows_response_overrides(self) -> bool {
        matches!(self, Method::Get | Method::Head)
    }

    /// The S3 API operation this method performs on an object (`"GetObject"`, ...).
    pub const fn operation(self) -> &'static str {
        match self {
            Method::Get => "GetObject",
            Method::Head => "HeadObject",
            Method::Put => "PutObject",
            Method::Delete => "DeleteObject",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A method name that is not GET, HEAD, PUT or DELETE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsupportedMethod(String);

impl fmt::Display for UnsupportedMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unsupported method {:?}: presigned URLs grant GET, HEAD, PUT or DELETE \
             (R2 has no presigned POST)",
            self.0
        )
    }
}

impl std::error::Error for UnsupportedMethod {}

impl std::str::FromStr for Method {
    type Err = UnsupportedMethod;

    /// Parses `"GET"`, `"HEAD"`, `"PUT"` or `"DELETE"` (exactly, as HTTP methods are
    /// case-sensitive).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "GET" => Ok(Method::Get),
            "HEAD" => Ok(Method::Head),
            "PUT" => Ok(Method::Put),
            "DELETE" => Ok(Method::Delete),
            other => Err(UnsupportedMethod(other.to_owned())),
        }
    }
}

impl From<Method> for http::Method {
    fn from(m: Method) -> Self {
        match m {
            Method::Get => http::Method::GET,
            Method::Head => http::Method::HEAD,
            Method::Put => http::Method::PUT,
            Method::Delete => http::Method::DELETE,
        }
    }
}

impl TryFrom<&http::Method> for Method {
    type Error = UnsupportedMethod;

    fn try_from(m: &http::Method) -> Result<Self, Self::Error> {
        m.as_str().parse()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Method {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Method {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_four_methods_and_refuses_post() {
        for m in [Method::Get, Method::Head, Method::Put, Method::Delete] {
            assert_eq!(m.as_str().parse::<Method>(), Ok(m));
            assert_eq!(http::Method::from(m).as_str(), m.as_str());
        }
        let err = "POST".parse::<Method>().unwrap_err();
        assert!(err.to_string().contains("no presigned POST"), "{err}");
        assert!("get".parse::<Method>().is_err());
    }
}
