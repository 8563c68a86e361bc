//! Object key rules.

use crate::Error;

/// S3's (and R2's) longest key, in bytes of UTF-8.
pub const MAX_KEY_LEN: usize = 1024;

/// Checks an object key: 1 to 1024 bytes and, unless allowed, no `.` or `..` segment.
///
/// Anything else is a valid key, control characters, `//` and a leading `/` included; the
/// encoder handles them and nothing is normalized.
#[inline]
pub(crate) fn check(key: &str, allow_dot_segments: bool) -> Result<(), Error> {
    if key.is_empty() {
        return Err(Error::EmptyKey);
    }
    if key.len() > MAX_KEY_LEN {
        return Err(Error::KeyTooLong { len: key.len() });
    }
    if !allow_dot_segments && has_dot_segment(key) {
        return Err(Error::DotSegment {
            key: key.to_owned(),
        });
    }
    Ok(())
}

/// Whether a `/`-separated segment is exactly `.` or `..`, which URL parsers remove
/// (RFC 3986 §5.2.4, WHATWG URL "path state").
#[inline]
pub(crate) fn has_dot_segment(key: &str) -> bool {
    let b = key.as_bytes();
    let mut from = 0;
    // Only the dots need looking at: most keys have one, before an extension.
    while let Some(off) = b[from..].iter().position(|&c| c == b'.') {
        let at = from + off;
        if at == 0 || b[at - 1] == b'/' {
            let end = if b.get(at + 1) == Some(&b'.') {
                at + 2
            } else {
                at + 1
            };
            if end == b.len() || b[end] == b'/' {
                return true;
            }
        }
        from = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_limits() {
        assert_eq!(check("", false), Err(Error::EmptyKey));
        assert_eq!(check("a", false), Ok(()));
        assert_eq!(check(&"a".repeat(1024), false), Ok(()));
        assert_eq!(
            check(&"a".repeat(1025), false),
            Err(Error::KeyTooLong { len: 1025 })
        );
        // Bytes, not characters: 342 three-byte characters are 1026 bytes.
        assert_eq!(
            check(&"€".repeat(342), false),
            Err(Error::KeyTooLong { len: 1026 })
        );
    }

    #[test]
    fn dot_segments_are_refused_unless_allowed() {
        for bad in [
            ".", "..", "a/./b", "a/../b", "../a", "a/..", "/./a", "a.b/./c", "x//.", "./",
        ] {
            assert!(
                matches!(check(bad, false), Err(Error::DotSegment { .. })),
                "{bad}"
            );
            assert_eq!(check(bad, true), Ok(()), "{bad}");
        }
        for ok in [
            "...", ".a", "a.", "a/.b/c", "a..b", "//a//", "/lead", "\u{0}ctl", "a\\..\\b",
        ] {
            assert_eq!(check(ok, false), Ok(()), "{ok:?}");
        }
    }
}
