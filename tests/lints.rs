//! The derive expands cleanly under strict lints.
#![deny(
    warnings,
    missing_docs,
    unused_qualifications,
    rust_2018_idioms,
    unreachable_pub
)]
#![deny(clippy::all, clippy::pedantic)]

//! Derives inside a crate that denies warnings.

use r2_presign::Presign;

/// An upload with every kind of attribute.
#[derive(Debug, Presign)]
#[presign(
    bucket = "user-uploads",
    key = "u/{user_id}/{path*}",
    method = "PUT",
    content_type = "image/png",
    cache_control = "no-store",
    write_once,
    max_expiry = "15m"
)]
pub struct Upload<'a> {
    user_id: u64,
    path: &'a str,
    #[presign(content_length)]
    size: u32,
    #[presign(meta = "origin")]
    origin: String,
    #[presign(skip)]
    note: &'static str,
}

/// A download with a file name.
#[derive(Debug, Presign)]
#[presign(
    bucket_from = "b",
    key = "{name}",
    method = "GET",
    response_cache_control = "no-cache"
)]
pub struct Download<T: r2_presign::KeySegment + std::fmt::Display> {
    #[presign(download_filename)]
    name: T,
}

#[test]
fn compiles_without_warnings() {
    let up = Upload {
        user_id: 1,
        path: "a/b",
        size: 3,
        origin: "web".into(),
        note: "n",
    };
    assert_eq!(up.note, "n");
    assert_eq!(up.key().unwrap(), "u/1/a/b");
    assert_eq!(Download { name: 5u8 }.key().unwrap(), "5");
}
