//! The one percent-encoder behind both the canonical request and the emitted URL.
//!
//! SigV4 for S3 encodes every byte of the UTF-8 key except RFC 3986's unreserved set
//! (`A-Z a-z 0-9 - . _ ~`) as `%XX` with uppercase hex, keeps `/` in paths, and never
//! normalizes or encodes twice. The canonical URI and canonical query string are therefore
//! *byte for byte* the path and query of the URL we hand out, so the URL is written once with
//! this encoder and the canonical request copies slices of it. A second encoder for the URL
//! (`url`'s, `form_urlencoded`'s) is exactly how rusty-s3 and `object_store` came to sign `%20`
//! while sending `+`, and got `SignatureDoesNotMatch` for keys with spaces.

/// What to leave unencoded besides RFC 3986's unreserved characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Set {
    /// Query names and values: only the unreserved set stays.
    Query,
    /// Paths: `/` separates segments and stays too.
    Path,
}

#[allow(clippy::cast_possible_truncation)] // `i < 256`
const fn table(keep_slash: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~');
        i += 1;
    }
    t[b'/' as usize] = keep_slash;
    t
}

static QUERY: [bool; 256] = table(false);
static PATH: [bool; 256] = table(true);

#[inline]
fn keep(set: Set) -> &'static [bool; 256] {
    match set {
        Set::Query => &QUERY,
        Set::Path => &PATH,
    }
}

/// Appends `input` to `out`, percent-encoded for `set`.
#[inline]
pub(crate) fn encode_into(out: &mut String, input: &str, set: Set) {
    encode_with(input, set, |s| out.push_str(s));
}

/// Percent-encodes `input` for `set`, handing the output to `emit` in pieces: runs of bytes
/// that stay as they are, and `%XX` escapes.
#[inline]
pub(crate) fn encode_with(input: &str, set: Set, mut emit: impl FnMut(&str)) {
    let keep = keep(set);
    let bytes = input.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if keep[usize::from(b)] {
            continue;
        }
        // A non-empty run of kept bytes is ASCII, so it starts and ends on character
        // boundaries and slicing cannot fail. (An empty one may sit inside a character.)
        if run < i {
            emit(&input[run..i]);
        }
        emit(ESCAPES[usize::from(b)]);
        run = i + 1;
    }
    if run < bytes.len() {
        emit(&input[run..]);
    }
}

/// `%00` to `%FF`, uppercase.
static ESCAPES: [&str; 256] = {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    const fn escape(b: usize) -> [u8; 3] {
        [b'%', HEX[b >> 4], HEX[b & 0xF]]
    }
    static BYTES: [[u8; 3]; 256] = {
        let mut t = [[0u8; 3]; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = escape(i);
            i += 1;
        }
        t
    };
    let mut t = [""; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match std::str::from_utf8(&BYTES[i]) {
            Ok(s) => s,
            Err(_) => "",
        };
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str, set: Set) -> String {
        let mut out = String::new();
        encode_into(&mut out, s, set);
        out
    }

    #[test]
    fn unreserved_characters_pass_through() {
        let unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
        assert_eq!(enc(unreserved, Set::Query), unreserved);
        assert_eq!(enc(unreserved, Set::Path), unreserved);
    }

    #[test]
    fn reserved_characters_are_encoded_with_uppercase_hex() {
        assert_eq!(enc("a b", Set::Path), "a%20b");
        assert_eq!(enc("a+b", Set::Path), "a%2Bb");
        assert_eq!(enc("100%", Set::Path), "100%25");
        assert_eq!(enc("%20", Set::Path), "%2520");
        assert_eq!(enc("!*'()", Set::Path), "%21%2A%27%28%29");
        assert_eq!(enc("?#=&", Set::Path), "%3F%23%3D%26");
        assert_eq!(enc("\0\x7f", Set::Path), "%00%7F");
    }

    #[test]
    fn slash_is_kept_only_in_paths() {
        assert_eq!(enc("/a//b/", Set::Path), "/a//b/");
        assert_eq!(enc("a/b", Set::Query), "a%2Fb");
    }

    #[test]
    fn utf8_is_encoded_bytewise_without_normalization() {
        assert_eq!(enc("é", Set::Path), "%C3%A9");
        assert_eq!(enc("e\u{301}", Set::Path), "e%CC%81");
        assert_eq!(enc("😀", Set::Path), "%F0%9F%98%80");
        assert_eq!(enc("ሴ", Set::Query), "%E1%88%B4");
    }
}
