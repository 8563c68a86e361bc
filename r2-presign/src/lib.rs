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
//! # Optional features
//! - `derive` (enabled by default): `#[derive(Presign)]`.
//! - `serde`: `Serialize`/`Deserialize` for [`PresignedRequest`] and [`Method`].
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

mod credentials;
mod crypto;
mod endpoint;
mod error;
mod expiry;
mod key;
mod method;
mod params;
mod presigned;
mod presigner;
mod sign;
pub mod sigv4;
mod time;

pub use credentials::Credentials;
pub use endpoint::{AddressingStyle, Endpoint, Jurisdiction};
pub use error::Error;
pub use expiry::Expiry;
pub use key::MAX_KEY_LEN;
pub use method::{Method, UnsupportedMethod};
pub use presigned::{PresignedRequest, SignedHeaders};
pub use presigner::{ChecksumAlgorithm, PresignBuilder, Presigner, SigningTrace};
