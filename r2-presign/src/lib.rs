//! Typed, checked SigV4 presigned URLs for Cloudflare R2 and any S3-compatible store.
//!
//! A presigned URL grants one operation (GET, HEAD, PUT or DELETE) on one object until it
//! expires. This crate makes them client-side, with no I/O: credentials and an endpoint go
//! into a [`Presigner`], each request is a builder, and the result is a [`PresignedRequest`]
//! holding the URL, the headers the client must send, and the expiry instant.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use r2_presign::{Credentials, Endpoint, Expiry, Presigner};
//!
//! let presigner = Presigner::new(
//!     Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?,
//!     Endpoint::r2("0123456789abcdef0123456789abcdef")?,
//! );
//! let download = presigner
//!     .get("my-bucket", "photos/2025/cat picture.png")
//!     .response_content_disposition("attachment; filename=\"cat.png\"")
//!     .sign(Expiry::hours(1))?;
//! assert!(download.url().contains("/my-bucket/photos/2025/cat%20picture.png?"));
//!
//! // Mistakes are typed errors, never a URL that will 403.
//! let err = presigner.get("my-bucket", "a/../b").sign(Expiry::days(8)).unwrap_err();
//! assert!(matches!(err, r2_presign::Error::DotSegment { .. }));
//! # Ok::<(), r2_presign::Error>(())
//! ```
//!
//! # `#[derive(Presign)]`
//!
//! Declare the bucket, key template, method, signed headers and longest expiry once, on the
//! type; mistakes in them are compile errors, and values that would escape the key's path are
//! typed errors at run time.
//!
//! ```
//! use r2_presign::{Credentials, Endpoint, Expiry, Presign, Presigner};
//!
//! #[derive(Presign)]
//! #[presign(
//!     bucket = "user-uploads",
//!     key = "avatars/{user_id}/{file_name}",
//!     method = "PUT",
//!     content_type = "image/png",
//!     max_expiry = "15m",
//! )]
//! struct AvatarUpload {
//!     user_id: u64,
//!     file_name: String,
//! }
//!
//! let presigner = Presigner::new(
//!     Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")?,
//!     Endpoint::r2("0123456789abcdef0123456789abcdef")?,
//! );
//! let upload = AvatarUpload { user_id: 42, file_name: "me.png".into() };
//! let req = upload.presign(&presigner, Expiry::minutes(10))?;
//! assert!(req.url().contains("/user-uploads/avatars/42/me.png?"));
//! assert_eq!(req.headers().get("content-type").unwrap(), "image/png");
//!
//! // Longer than the declared maximum: a typed error naming both values.
//! assert!(upload.presign(&presigner, Expiry::hours(2)).is_err());
//! // A constant expiry is checked at compile time: `presign_in::<7200>` would not build.
//! let req = upload.presign_in::<900>(&presigner)?;
//! // A hostile file name never leaves its path segment.
//! let hostile = AvatarUpload { user_id: 42, file_name: "../../etc/passwd".into() };
//! assert!(matches!(
//!     hostile.presign(&presigner, Expiry::minutes(1)),
//!     Err(r2_presign::Error::InvalidKeySegment { placeholder: "file_name", .. })
//! ));
//! # Ok::<(), r2_presign::Error>(())
//! ```
//!
//! Container attributes, `#[presign(...)]` on the struct:
//!
//! | attribute | value | default | example |
//! | --- | --- | --- | --- |
//! | `bucket` | bucket name, checked against R2's rules at compile time | one of `bucket`/`bucket_from` is required | `bucket = "user-uploads"` |
//! | `bucket_from` | logical name, resolved at run time by [`Presigner::with_bucket`] | | `bucket_from = "uploads"` |
//! | `key` | key template: text and `{field}` placeholders (one path segment each), `{field*}` (several segments), `{{`/`}}` for braces | required | `key = "avatars/{user_id}/{file_name}"` |
//! | `method` | `"GET"`, `"HEAD"`, `"PUT"` or `"DELETE"` (R2 has no presigned POST) | required | `method = "PUT"` |
//! | `max_expiry` | `"90s"`, `"15m"`, `"1h"`, `"7d"` or whole seconds, 1 s to 7 days | `"7d"` (SigV4's limit) | `max_expiry = "15m"` |
//! | `content_type` | media type, signed (PUT only) | none | `content_type = "image/png"` |
//! | `cache_control`, `content_disposition`, `content_encoding`, `content_language` | header value, signed (PUT only) | none | `cache_control = "max-age=86400"` |
//! | `storage_class` | storage class, signed (PUT only) | none | `storage_class = "STANDARD_IA"` |
//! | `write_once` | flag: signs `if-none-match: *`, so the upload cannot overwrite (PUT only) | off | `write_once` |
//! | `response_content_type`, `response_content_disposition`, `response_cache_control` | `response-*` override (GET/HEAD only) | none | `response_content_disposition = "inline"` |
//! | `crate` | path to this crate, if renamed | `::r2_presign` | `crate = "::presign"` |
//!
//! Field attributes, `#[presign(...)]` on a field:
//!
//! | attribute | meaning | field type | example |
//! | --- | --- | --- | --- |
//! | (none) | the field must appear in the key template | [`KeySegment`]: integers, strings, your own | `user_id: u64` |
//! | `skip` | not part of the request | any | `#[presign(skip)] note: String` |
//! | `content_length` | signed `content-length`: the upload must be exactly this size (PUT only) | `u8`..`u64`, `usize` | `#[presign(content_length)] size: u64` |
//! | `meta = "name"` | signed `x-amz-meta-<name>` header (PUT only) | `Display` | `#[presign(meta = "origin")] origin: String` |
//! | `download_filename` | `response-content-disposition: attachment; filename="..."` (GET/HEAD only) | `Display` | `#[presign(download_filename)] name: String` |
//!
//! Every field is used by the template or an attribute, or marked `skip`; all the mistakes in
//! one item are reported together.
//!
//! # Optional features
//!
//! - `derive` (enabled by default): `#[derive(Presign)]`, re-exported as [`Presign`]. Turn
//!   default features off for the bare signer, which then builds from 13 small crates and no
//!   proc-macro.
//! - `serde`: `Serialize`/`Deserialize` for [`PresignedRequest`] (as
//!   `{"method", "url", "headers", "expires_at"}`), [`SignedHeaders`] and [`Method`].
//! - `client`: the `client` module, which uploads, downloads, heads and deletes through
//!   presigned URLs with reqwest (rustls, no system OpenSSL) on tokio. The signer itself does
//!   no I/O and pulls in no HTTP stack.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

#[cfg(feature = "client")]
pub mod client;
mod credentials;
mod crypto;
mod endpoint;
mod error;
mod expiry;
mod key;
mod method;
mod params;
mod presign;
mod presigned;
mod presigner;
#[doc(hidden)]
pub mod __private {
    //! Support for `#[derive(Presign)]`'s generated code; not public API.
    pub use crate::private::*;
}
mod private;
mod sign;
pub mod sigv4;
mod time;

pub use credentials::Credentials;
pub use endpoint::{AddressingStyle, Endpoint, Jurisdiction};
pub use error::Error;
pub use expiry::Expiry;
pub use key::MAX_KEY_LEN;
pub use method::{Method, UnsupportedMethod};
pub use presign::{BucketRef, KeySegment, Presign};
pub use presigned::{PresignedRequest, SignedHeaders};

pub use presigner::{ChecksumAlgorithm, PresignBuilder, Presigner, SigningTrace};
/// `#[derive(Presign)]`: presign functions whose mistakes are compile errors.
///
/// See the [crate docs](crate#derivepresign) for its attributes.
#[cfg(feature = "derive")]
pub use r2_presign_macros::Presign;
