//! Object metadata read from response headers.

use std::collections::BTreeMap;
use std::time::SystemTime;

use http::HeaderMap;

/// What a HEAD (or GET) says about an object.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ObjectMeta {
    /// Size in bytes (`content-length`).
    pub size: u64,
    /// The entity tag, quotes included, as sent.
    pub etag: Option<String>,
    /// `content-type`.
    pub content_type: Option<String>,
    /// `last-modified`.
    pub last_modified: Option<SystemTime>,
    /// `cache-control`.
    pub cache_control: Option<String>,
    /// `content-disposition`.
    pub content_disposition: Option<String>,
    /// `content-encoding`.
    pub content_encoding: Option<String>,
    /// User metadata: `x-amz-meta-<name>` headers by `<name>` (lowercase).
    pub metadata: BTreeMap<String, String>,
}

impl ObjectMeta {
    pub(crate) fn from_headers(headers: &HeaderMap) -> Self {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let metadata = headers
            .iter()
            .filter_map(|(name, value)| {
                let meta = name.as_str().strip_prefix("x-amz-meta-")?;
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                Some((meta.to_owned(), value))
            })
            .collect();
        ObjectMeta {
            size: text("content-length")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0),
            etag: text("etag"),
            content_type: text("content-type"),
            last_modified: text("last-modified").and_then(|v| httpdate::parse_http_date(&v).ok()),
            cache_control: text("cache-control"),
            content_disposition: text("content-disposition"),
            content_encoding: text("content-encoding"),
            metadata,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn reads_typed_fields_and_user_metadata() {
        let mut h = HeaderMap::new();
        h.insert("content-length", "1234".parse().unwrap());
        h.insert("etag", "\"abc\"".parse().unwrap());
        h.insert("content-type", "image/png".parse().unwrap());
        h.insert(
            "last-modified",
            "Mon, 01 Dec 2025 18:05:12 GMT".parse().unwrap(),
        );
        h.insert("x-amz-meta-camera", "Leica".parse().unwrap());
        let m = ObjectMeta::from_headers(&h);
        assert_eq!(m.size, 1234);
        assert_eq!(m.etag.as_deref(), Some("\"abc\""));
        assert_eq!(m.content_type.as_deref(), Some("image/png"));
        assert_eq!(
            m.last_modified,
            Some(UNIX_EPOCH + Duration::from_secs(1_764_612_312))
        );
        assert_eq!(m.metadata.get("camera").map(String::as_str), Some("Leica"));
    }
}
