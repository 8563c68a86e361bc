//! The `Presign` trait, implemented by `#[derive(Presign)]`, and the `KeySegment` trait for
//! values that fill key-template placeholders.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::Arc;
use std::time::SystemTime;

use crate::{Error, Expiry, Method, PresignBuilder, PresignedRequest, Presigner};

/// Room for the placeholders' values beyond the template's own length, so that a key is
/// usually written without growing its string.
const KEY_CAPACITY_GUESS: usize = 48;

/// Where a [`Presign`] type's bucket comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BucketRef {
    /// A bucket name fixed at compile time (`#[presign(bucket = "user-uploads")]`).
    Name(&'static str),
    /// A logical name resolved at run time through [`Presigner::with_bucket`]
    /// (`#[presign(bucket_from = "uploads")]`), so one build serves staging and production.
    Logical(&'static str),
}

/// A request type whose presigned URLs are checked at compile time.
///
/// Implemented by `#[derive(Presign)]` (see the [crate docs](crate#derivepresign) for the
/// attributes): the bucket, key template, method, signed headers and longest expiry are
/// declared once on the type, and every URL made from a value of it follows them.
pub trait Presign {
    /// The method, so the one operation, the URL grants.
    const METHOD: Method;
    /// The longest expiry a URL of this type may have (`max_expiry`).
    const MAX_EXPIRY: Expiry;
    /// The key template as declared, e.g. `"avatars/{user_id}/{file_name}"`.
    const KEY_TEMPLATE: &'static str;
    /// The bucket, or the logical name to resolve it by.
    const BUCKET: BucketRef;

    /// Appends this value's object key to `key`.
    ///
    /// # Errors
    /// [`Error::InvalidKeySegment`] if a placeholder's value would escape its segment (empty,
    /// `.` or `..`, `/`, `\` or a control character; `/` is allowed in `{name*}`
    /// placeholders, but not empty, `.` or `..` segments).
    fn write_key(&self, key: &mut String) -> Result<(), Error>;

    /// Adds the type's signed headers and query parameters to `builder`.
    #[doc(hidden)]
    fn __configure<'a>(&'a self, builder: PresignBuilder<'a>) -> PresignBuilder<'a>;

    /// This value's object key.
    ///
    /// # Errors
    /// As [`write_key`](Self::write_key).
    fn key(&self) -> Result<String, Error> {
        let mut key = String::with_capacity(KEY_CAPACITY_GUESS + Self::KEY_TEMPLATE.len());
        self.write_key(&mut key)?;
        Ok(key)
    }

    /// Presigns the request for this value, valid for `expiry` from now.
    ///
    /// # Errors
    /// [`Error::ExpiryExceedsMax`] if `expiry` is longer than [`MAX_EXPIRY`](Self::MAX_EXPIRY),
    /// [`Error::InvalidKeySegment`] for a placeholder value that would escape its segment,
    /// [`Error::UnknownBucket`] for a logical bucket the presigner does not know, and the
    /// signer's own errors (a key over 1024 bytes, a header value with a line break, ...).
    fn presign(
        &self,
        presigner: &Presigner,
        expiry: impl Into<Expiry>,
    ) -> Result<PresignedRequest, Error> {
        self.presign_at(presigner, expiry, SystemTime::now())
    }

    /// [`presign`](Self::presign) as of `now`, for deterministic tests.
    ///
    /// # Errors
    /// As [`presign`](Self::presign).
    fn presign_at(
        &self,
        presigner: &Presigner,
        expiry: impl Into<Expiry>,
        now: SystemTime,
    ) -> Result<PresignedRequest, Error> {
        let expiry = expiry.into();
        if expiry > Self::MAX_EXPIRY {
            return Err(Error::ExpiryExceedsMax {
                expiry: expiry.as_duration(),
                max: Self::MAX_EXPIRY.as_duration(),
            });
        }
        let mut key = String::with_capacity(KEY_CAPACITY_GUESS + Self::KEY_TEMPLATE.len());
        self.write_key(&mut key)?;
        let bucket = match Self::BUCKET {
            BucketRef::Name(name) => name,
            BucketRef::Logical(name) => presigner.bucket(name)?,
        };
        self.__configure(presigner.request(Self::METHOD, bucket, &key))
            .sign_at(expiry, now)
    }

    /// [`presign`](Self::presign) with an expiry of `SECS` seconds checked at compile time:
    /// a constant above [`MAX_EXPIRY`](Self::MAX_EXPIRY), or outside 1 second to 7 days, does
    /// not build.
    ///
    /// The check runs when the call is compiled to code, so `cargo check` alone may not
    /// report it; `cargo build` and `cargo test` do.
    ///
    /// # Errors
    /// As [`presign`](Self::presign), except for the expiry.
    fn presign_in<const SECS: u64>(
        &self,
        presigner: &Presigner,
    ) -> Result<PresignedRequest, Error> {
        const {
            assert!(
                SECS >= 1 && SECS <= 604_800,
                "presign_in::<SECS>: SECS must be between 1 and 604800 (7 days)"
            );
            assert!(
                SECS <= Self::MAX_EXPIRY.as_secs(),
                "presign_in::<SECS>: SECS exceeds this type's max_expiry"
            );
        }
        self.presign(presigner, Expiry::seconds(SECS))
    }
}

/// A value that can fill a key-template placeholder: it writes its text, and the text is then
/// checked to stay within its path segment.
///
/// Implemented for strings (`str`, `String`, `Cow<str>`, `Box<str>`, `Rc<str>`, `Arc<str>`),
/// integers and `char`, and references to them. Implement it for your own identifiers:
///
/// ```
/// use r2_presign::KeySegment;
///
/// struct UserId(u64);
///
/// impl KeySegment for UserId {
///     fn write_segment(&self, out: &mut String) {
///         self.0.write_segment(out);
///     }
/// }
/// ```
///
/// Values are written as they are, not percent-encoded: the signer encodes the whole key once.
pub trait KeySegment {
    /// Appends the segment's text to `out`.
    fn write_segment(&self, out: &mut String);
}

impl KeySegment for str {
    fn write_segment(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl KeySegment for String {
    fn write_segment(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl KeySegment for char {
    fn write_segment(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: KeySegment + ?Sized> KeySegment for &T {
    fn write_segment(&self, out: &mut String) {
        (**self).write_segment(out);
    }
}

impl<T: KeySegment + ?Sized> KeySegment for &mut T {
    fn write_segment(&self, out: &mut String) {
        (**self).write_segment(out);
    }
}

impl<T: KeySegment + ?Sized> KeySegment for Box<T> {
    fn write_segment(&self, out: &mut String) {
        (**self).write_segment(out);
    }
}

impl<T: KeySegment + ?Sized> KeySegment for Rc<T> {
    fn write_segment(&self, out: &mut String) {
        (**self).write_segment(out);
    }
}

impl<T: KeySegment + ?Sized> KeySegment for Arc<T> {
    fn write_segment(&self, out: &mut String) {
        (**self).write_segment(out);
    }
}

impl KeySegment for Cow<'_, str> {
    fn write_segment(&self, out: &mut String) {
        out.push_str(self);
    }
}

macro_rules! integer_segments {
    ($($t:ty),*) => {$(
        impl KeySegment for $t {
            fn write_segment(&self, out: &mut String) {
                // Writing to a `String` cannot fail.
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

integer_segments!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);
