//! Stage 1 of SigV4: the canonical request.
//!
//! ```text
//! METHOD\n
//! canonical URI\n          the URL's path, byte for byte
//! canonical query\n        the URL's query without X-Amz-Signature, byte for byte
//! canonical headers\n      lowercase name ':' trimmed value '\n', sorted by name
//! signed headers\n         the names joined by ';'
//! payload hash             UNSIGNED-PAYLOAD for S3 presigned URLs
//! ```
//!
//! Spec: <https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html>.
//! It is written into a reused per-thread buffer ([`Sink`]), padded there and hashed in one
//! call. Its URI and query are copied from the URL being built ([`super::url`]), so what is
//! sent can never differ from what was signed.

use std::ops::Range;

use http::HeaderValue;

use super::Input;
use super::encode::{Set, encode_into};
use super::url::Parts;
use crate::params::Header;

/// Where the canonical request is written: a buffer, hashed in one call when complete (cheaper
/// than feeding SHA-256 piece by piece, which costs a call per partial block).
pub(crate) struct Sink<'b> {
    buf: &'b mut Vec<u8>,
}

impl<'b> Sink<'b> {
    /// Writes into `buf`, cleared first.
    #[inline]
    pub(crate) fn new(buf: &'b mut Vec<u8>) -> Self {
        buf.clear();
        Self { buf }
    }

    #[inline]
    pub(crate) fn put(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// `SHA-256` of everything put, and the text.
    #[inline]
    pub(crate) fn finish(self) -> ([u8; 32], &'b [u8]) {
        (crate::crypto::sha256_in_place(self.buf), self.buf)
    }
}

/// Writes the canonical request of `input` into `out`. `url` holds the URL being built: its
/// `path` and `query` are the canonical URI and query.
#[inline]
pub(crate) fn write(out: &mut Sink<'_>, input: &Input<'_>, url: &str, parts: &Parts) {
    out.put(input.method.as_bytes());
    out.put(b"\n");
    out.put(slice(url, &parts.path));
    out.put(b"\n");
    out.put(slice(url, &parts.query));
    out.put(b"\n");
    if let (Some(prepared), []) = (input.prepared, input.headers) {
        out.put(prepared.host_only_tail.as_bytes());
        return;
    }
    let list = SignedList::new(input.headers);
    for group in list.before.chunk_by(same_name) {
        put_header_line(out, group);
    }
    out.put(b"host:");
    if let Some(bucket) = input.host.bucket {
        out.put(bucket.as_bytes());
        out.put(b".");
    }
    out.put(input.host.authority.as_bytes());
    out.put(b"\n");
    for group in list.after.chunk_by(same_name) {
        put_header_line(out, group);
    }
    out.put(b"\n");
    // The names as they are, not percent-encoded as in the query: the server decodes the
    // query before it rebuilds this line.
    let mut first = true;
    list.for_each_name(|name| {
        if !std::mem::take(&mut first) {
            out.put(b";");
        }
        out.put(name.as_bytes());
    });
    out.put(b"\n");
    out.put(input.payload_hash.as_bytes());
}

/// `name:value[,value...]\n` for the headers of one name.
#[inline]
fn put_header_line(out: &mut Sink<'_>, same_name: &[Header]) {
    out.put(same_name[0].0.as_str().as_bytes());
    out.put(b":");
    // Repeated names are one line, values joined by ',' in the order given.
    for (i, (_, value)) in same_name.iter().enumerate() {
        if i > 0 {
            out.put(b",");
        }
        put_trimmed(out, value);
    }
    out.put(b"\n");
}

#[inline]
fn slice<'u>(url: &'u str, range: &Range<usize>) -> &'u [u8] {
    url.as_bytes().get(range.clone()).unwrap_or_default()
}

/// The value of the `host` header: `[bucket.]authority`, lowercase, with a non-default port.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Host<'a> {
    /// The bucket, for virtual-hosted style.
    pub(crate) bucket: Option<&'a str>,
    /// `host[:port]`.
    pub(crate) authority: &'a str,
}

impl Host<'_> {
    #[inline]
    pub(crate) fn write(self, out: &mut String) {
        if let Some(bucket) = self.bucket {
            out.push_str(bucket);
            out.push('.');
        }
        out.push_str(self.authority);
    }

    #[inline]
    pub(crate) fn len(self) -> usize {
        self.bucket.map_or(0, |b| b.len() + 1) + self.authority.len()
    }
}

/// Writes the signed header names (`host` included, sorted, each once) joined by `sep`,
/// percent-encoded (names are tokens, which may hold `*`, `'` and the like).
#[inline]
pub(crate) fn write_signed_headers(out: &mut String, headers: &[Header], sep: &str) {
    if headers.is_empty() {
        out.push_str("host");
        return;
    }
    let mut first = true;
    SignedList::new(headers).for_each_name(|name| {
        if !std::mem::take(&mut first) {
            out.push_str(sep);
        }
        // A name without reserved characters is copied in one piece.
        encode_into(out, name, Set::Query);
    });
}

/// Writes `value` trimmed, with every inner run of whitespace collapsed to one space.
///
/// This is AWS's "Trimall". Both oracles (botocore's `' '.join(v.split())`, the JS SDK's
/// `trim().replace(/\s+/g, ' ')`) and Go servers (`strings.Fields`) treat Unicode whitespace
/// as whitespace, so `split_whitespace` is used rather than only ASCII spaces. Most values
/// (`image/png`, a length, an ETag) are printable ASCII with single inner spaces and are
/// already trimmed; they are written as they are.
#[inline]
fn put_trimmed(out: &mut Sink<'_>, value: &HeaderValue) {
    let bytes = value.as_bytes();
    if is_trimmed_ascii(bytes) {
        out.put(bytes);
        return;
    }
    // Every value was made from a `&str`, so this cannot fail.
    let text = String::from_utf8_lossy(bytes);
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.put(b" ");
        }
        out.put(word.as_bytes());
    }
}

/// Printable ASCII with no space at either end and no two spaces in a row: what Trimall
/// leaves unchanged.
#[inline]
fn is_trimmed_ascii(bytes: &[u8]) -> bool {
    let mut prev_space = true;
    for &b in bytes {
        let space = b == b' ';
        if !(b.is_ascii_graphic() || space) || (space && prev_space) {
            return false;
        }
        prev_space = space;
    }
    !prev_space || bytes.is_empty()
}

/// The signed headers split where `host` goes: the caller's headers are lowercase and sorted
/// by name, and `host` is never among them.
struct SignedList<'h> {
    before: &'h [Header],
    after: &'h [Header],
}

impl<'h> SignedList<'h> {
    #[inline]
    fn new(headers: &'h [Header]) -> Self {
        let (before, after) =
            headers.split_at(headers.partition_point(|h| !after_host(h.0.as_str())));
        Self { before, after }
    }

    /// Calls `f` with every signed name once, in order, `host` included.
    #[inline]
    fn for_each_name(&self, mut f: impl FnMut(&'h str)) {
        for group in self.before.chunk_by(same_name) {
            f(group[0].0.as_str());
        }
        f("host");
        for group in self.after.chunk_by(same_name) {
            f(group[0].0.as_str());
        }
    }
}

#[inline]
fn same_name(a: &Header, b: &Header) -> bool {
    a.0 == b.0
}

/// `name > "host"`, deciding on the first byte when it can (most names do not start with
/// `h`).
#[inline]
fn after_host(name: &str) -> bool {
    match name.as_bytes().first() {
        Some(&b) if b != b'h' => b > b'h',
        _ => name > "host",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderName;

    fn h(name: &'static str, value: &'static str) -> Header {
        (
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        )
    }

    fn trimmed(v: &str) -> String {
        let mut text = Vec::new();
        let mut sink = Sink::new(&mut text);
        put_trimmed(&mut sink, &HeaderValue::from_str(v).unwrap());
        String::from_utf8(text).unwrap()
    }

    #[test]
    fn trimall_collapses_runs_and_trims_ends() {
        assert_eq!(trimmed("  padded   value  "), "padded value");
        assert_eq!(trimmed("\"a   b   c\""), "\"a b c\"");
        assert_eq!(trimmed("a\tb \t c"), "a b c");
        assert_eq!(trimmed("a\u{a0}\u{3000}b"), "a b");
        assert_eq!(trimmed("é  b"), "é b");
        assert_eq!(trimmed("   "), "");
        assert_eq!(trimmed(""), "");
        assert_eq!(trimmed("plain"), "plain");
        assert_eq!(trimmed("a b c"), "a b c");
        assert_eq!(trimmed("a "), "a");
        assert_eq!(trimmed(" a"), "a");
    }

    #[test]
    fn the_ascii_fast_path_agrees_with_split_whitespace() {
        for v in [
            "", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "!~", "a b c", "é", "x\u{a0}",
        ] {
            let want = v.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(
                is_trimmed_ascii(v.as_bytes()),
                want == v && v.is_ascii(),
                "{v:?}"
            );
        }
    }

    #[test]
    fn host_is_placed_by_byte_order() {
        for name in [
            "a",
            "content-type",
            "h",
            "ho",
            "hosu",
            "hosta",
            "i",
            "x-amz-meta-a",
            "~",
        ] {
            assert_eq!(after_host(name), name > "host", "{name}");
        }
    }

    #[test]
    fn signed_header_names_merge_host_in_order() {
        let headers = [
            h("content-type", "image/png"),
            h("my-header1", "value2"),
            h("my-header1", "value1"),
            h("x-a*b", "1"),
            h("x-amz-meta-a", "  spaced   out "),
        ];
        let mut names = String::new();
        write_signed_headers(&mut names, &headers, "%3B");
        assert_eq!(
            names,
            "content-type%3Bhost%3Bmy-header1%3Bx-a%2Ab%3Bx-amz-meta-a"
        );
        names.clear();
        write_signed_headers(&mut names, &[h("content-length", "1")], ";");
        assert_eq!(names, "content-length;host");
        names.clear();
        write_signed_headers(&mut names, &[], ";");
        assert_eq!(names, "host");
    }
}
