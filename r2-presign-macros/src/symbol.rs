//! Attribute keys, spelled once so matching and messages agree.

pub(crate) const PRESIGN: &str = "presign";

// Container keys.
pub(crate) const BUCKET: &str = "bucket";
pub(crate) const BUCKET_FROM: &str = "bucket_from";
pub(crate) const KEY: &str = "key";
pub(crate) const METHOD: &str = "method";
pub(crate) const CONTENT_TYPE: &str = "content_type";
pub(crate) const MAX_EXPIRY: &str = "max_expiry";
pub(crate) const CACHE_CONTROL: &str = "cache_control";
pub(crate) const CONTENT_DISPOSITION: &str = "content_disposition";
pub(crate) const CONTENT_ENCODING: &str = "content_encoding";
pub(crate) const CONTENT_LANGUAGE: &str = "content_language";
pub(crate) const STORAGE_CLASS: &str = "storage_class";
pub(crate) const WRITE_ONCE: &str = "write_once";
pub(crate) const RESPONSE_CONTENT_TYPE: &str = "response_content_type";
pub(crate) const RESPONSE_CONTENT_DISPOSITION: &str = "response_content_disposition";
pub(crate) const RESPONSE_CACHE_CONTROL: &str = "response_cache_control";
pub(crate) const CRATE: &str = "crate";

/// Every container key, for "did you mean" suggestions.
pub(crate) const CONTAINER_KEYS: &[&str] = &[
    BUCKET,
    BUCKET_FROM,
    KEY,
    METHOD,
    CONTENT_TYPE,
    MAX_EXPIRY,
    CACHE_CONTROL,
    CONTENT_DISPOSITION,
    CONTENT_ENCODING,
    CONTENT_LANGUAGE,
    STORAGE_CLASS,
    WRITE_ONCE,
    RESPONSE_CONTENT_TYPE,
    RESPONSE_CONTENT_DISPOSITION,
    RESPONSE_CACHE_CONTROL,
    CRATE,
];

// Field keys.
pub(crate) const SKIP: &str = "skip";
pub(crate) const CONTENT_LENGTH: &str = "content_length";
pub(crate) const META: &str = "meta";
pub(crate) const DOWNLOAD_FILENAME: &str = "download_filename";

/// Every field key, for "did you mean" suggestions.
pub(crate) const FIELD_KEYS: &[&str] = &[SKIP, CONTENT_LENGTH, META, DOWNLOAD_FILENAME];
