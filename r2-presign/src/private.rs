//! Support for the code `#[derive(Presign)]` generates. Not public API: it may change in any
//! release, which is why `r2-presign` pins its macro crate to the exact same version.

pub use crate::presign::{BucketRef, KeySegment, Presign};
pub use crate::{Error, Expiry, Method, PresignBuilder, Presigner};

/// Writes a single-segment placeholder's value and checks it stays one segment.
///
/// # Errors
/// [`Error::InvalidKeySegment`] naming `placeholder`.
pub fn segment<T: KeySegment + ?Sized>(
    key: &mut String,
    placeholder: &'static str,
    value: &T,
) -> Result<(), Error> {
    write_checked(key, placeholder, value, false)
}

/// Writes a multi-segment (`{name*}`) placeholder's value: `/` is allowed, but every segment
/// is checked as [`segment`] checks one.
///
/// # Errors
/// [`Error::InvalidKeySegment`] naming `placeholder`.
pub fn segments<T: KeySegment + ?Sized>(
    key: &mut String,
    placeholder: &'static str,
    value: &T,
) -> Result<(), Error> {
    write_checked(key, placeholder, value, true)
}

fn write_checked<T: KeySegment + ?Sized>(
    key: &mut String,
    placeholder: &'static str,
    value: &T,
    multi: bool,
) -> Result<(), Error> {
    let start = key.len();
    value.write_segment(key);
    // A `KeySegment` impl that rewrote what was before its part gets "is empty", not a panic.
    let written = key.get(start..).unwrap_or_default();
    check_segment(written, multi).map_err(|reason| Error::InvalidKeySegment {
        placeholder,
        reason,
    })
}

fn check_segment(value: &str, multi: bool) -> Result<(), &'static str> {
    if value.is_empty() {
        return Err("is empty");
    }
    if value.contains('\\') {
        return Err("contains `\\`");
    }
    if value.chars().any(char::is_control) {
        return Err("contains a control character");
    }
    if !multi {
        if value.contains('/') {
            return Err(
                "contains `/` (declare the placeholder as `{name*}` to allow several segments)",
            );
        }
        if value == "." || value == ".." {
            return Err("is `.` or `..`");
        }
        return Ok(());
    }
    for part in value.split('/') {
        match part {
            "" => return Err("has an empty segment (`//`, or `/` at either end)"),
            "." | ".." => return Err("has a `.` or `..` segment"),
            _ => {}
        }
    }
    Ok(())
}

/// A field usable as a signed `content-length`.
pub trait ContentLength {
    /// The length in bytes.
    fn content_length(&self) -> u64;
}

macro_rules! content_lengths {
    ($($t:ty),*) => {$(
        impl ContentLength for $t {
            fn content_length(&self) -> u64 {
                u64::from(*self)
            }
        }
    )*};
}

content_lengths!(u8, u16, u32, u64);

impl ContentLength for usize {
    fn content_length(&self) -> u64 {
        // `usize` is at most 64 bits on every target Rust supports.
        u64::try_from(*self).unwrap_or(u64::MAX)
    }
}

impl<T: ContentLength + ?Sized> ContentLength for &T {
    fn content_length(&self) -> u64 {
        (**self).content_length()
    }
}

/// `attachment; filename="..."` for a download name: the plain `filename` holds an ASCII
/// fallback (quotes, backslashes and control characters replaced by `_`) and, when the name
/// is not plain ASCII, `filename*` holds it exactly (RFC 6266, RFC 8187).
pub fn attachment(name: &str) -> String {
    let mut out = String::with_capacity(24 + name.len());
    out.push_str("attachment; filename=\"");
    let mut ascii = true;
    for c in name.chars() {
        if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' {
            out.push(c);
        } else {
            ascii &= c.is_ascii();
            out.push('_');
        }
    }
    out.push('"');
    if !ascii {
        out.push_str("; filename*=UTF-8''");
        for b in name.bytes() {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The text of a field bound to a signed header or query parameter.
pub fn text<T: std::fmt::Display + ?Sized>(value: &T) -> String {
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_segments() {
        for ok in ["a", "me.png", "...", "a b", "é", "😀", "%2F"] {
            assert_eq!(check_segment(ok, false), Ok(()), "{ok}");
        }
        for bad in [
            "", ".", "..", "a/b", "/", "a\\b", "a\nb", "\u{0}", "\u{7f}", "\u{85}",
        ] {
            assert!(check_segment(bad, false).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn multi_segments() {
        for ok in ["a", "a/b/c", "2025/01/cat.png"] {
            assert_eq!(check_segment(ok, true), Ok(()), "{ok}");
        }
        for bad in [
            "", "/a", "a/", "a//b", "a/./b", "../a", "a/..", "a\\b", "a/\tb",
        ] {
            assert!(check_segment(bad, true).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn attachment_names() {
        assert_eq!(
            attachment("report.pdf"),
            "attachment; filename=\"report.pdf\""
        );
        assert_eq!(
            attachment("a \"b\"\\c.txt"),
            "attachment; filename=\"a _b__c.txt\""
        );
        assert_eq!(
            attachment("résumé.pdf"),
            "attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"
        );
        assert_eq!(attachment("a\r\nb"), "attachment; filename=\"a__b\"");
    }
}
