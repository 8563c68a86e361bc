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
//! It is written into a reusable per-thread buffer and hashed in one pass. Its URI and query
//! are encoded here, once, and the URL is assembled from those very bytes ([`super::url`]),
//! so what is sent can never differ from what was signed.

use std::ops::Range;

use super::encode::{Set, encode_into};
use super::{Header, Input};

/// Where the URI and query sit in a written canonical request.
#[derive(Debug)]
pub(crate) struct Parts {
    pub(crate) uri: Range<usize>,
    pub(crate) query: Range<usize>,
}

/// Writes the canonical request of `input` into `buf` (cleared first).
pub(crate) fn write(buf: &mut String, input: &Input<'_>) -> Parts {
    buf.clear();
    buf.push_str(input.method);
    buf.push('\n');
    let uri_start = buf.len();
    for piece in input.path {
        encode_into(buf, piece, Set::Path);
    }
    let uri = uri_start..buf.len();
    buf.push('\n');
    let query_start = buf.len();
    super::query::write(buf, input);
    let query = query_start..buf.len();
    buf.push('\n');
    for entry in SignedNames::new(input.headers) {
        match entry {
            Entry::Host => {
                buf.push_str("host:");
                input.host.write(buf);
            }
            Entry::Headers(same_name) => {
                buf.push_str(&same_name[0].name);
                buf.push(':');
                // Repeated names are one line, values joined by ',' in the order given.
                for (i, header) in same_name.iter().enumerate() {
                    if i > 0 {
                        buf.push(',');
                    }
                    push_trimmed(buf, &header.value);
                }
            }
        }
        buf.push('\n');
    }
    buf.push('\n');
    write_signed_headers(buf, input.headers, ";");
    buf.push('\n');
    buf.push_str(input.payload_hash);
    Parts { uri, query }
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
    pub(crate) fn write(self, out: &mut String) {
        if let Some(bucket) = self.bucket {
            out.push_str(bucket);
            out.push('.');
        }
        out.push_str(self.authority);
    }

    pub(crate) fn len(self) -> usize {
        self.bucket.map_or(0, |b| b.len() + 1) + self.authority.len()
    }
}

/// Writes the signed header names (`host` included, sorted, each once) joined by `sep`,
/// percent-encoded (names are tokens, which may hold `*`, `'` and the like).
pub(crate) fn write_signed_headers(out: &mut String, headers: &[Header<'_>], sep: &str) {
    for (i, entry) in SignedNames::new(headers).enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        encode_into(out, entry.name(), Set::Query);
    }
}

/// Writes `value` trimmed, with every inner run of whitespace collapsed to one space.
///
/// This is AWS's "Trimall". Both oracles (botocore's `' '.join(v.split())`, the JS SDK's
/// `trim().replace(/\s+/g, ' ')`) and Go servers (`strings.Fields`) treat Unicode whitespace
/// as whitespace, so `split_whitespace` is used rather than only ASCII spaces.
pub(crate) fn push_trimmed(out: &mut String, value: &str) {
    for (i, word) in value.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// One line of the canonical headers: the `host` header, or every header of one name.
enum Entry<'h, 'a> {
    Host,
    Headers(&'h [Header<'a>]),
}

impl Entry<'_, '_> {
    fn name(&self) -> &str {
        match self {
            Entry::Host => "host",
            Entry::Headers(h) => &h[0].name,
        }
    }
}

/// The canonical header lines in order: `host` merged into the caller's headers, which are
/// already lowercase and sorted by name, with equal names grouped.
struct SignedNames<'h, 'a> {
    rest: &'h [Header<'a>],
    host_done: bool,
}

impl<'h, 'a> SignedNames<'h, 'a> {
    fn new(headers: &'h [Header<'a>]) -> Self {
        Self {
            rest: headers,
            host_done: false,
        }
    }
}

impl<'h, 'a> Iterator for SignedNames<'h, 'a> {
    type Item = Entry<'h, 'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let first = self.rest.first();
        if !self.host_done && first.is_none_or(|h| *h.name > *"host") {
            self.host_done = true;
            return Some(Entry::Host);
        }
        let name = &first?.name;
        let same = self.rest.iter().take_while(|h| h.name == *name).count();
        let (group, rest) = self.rest.split_at(same);
        self.rest = rest;
        Some(Entry::Headers(group))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn h(name: &'static str, value: &'static str) -> Header<'static> {
        Header {
            name: Cow::Borrowed(name),
            value: Cow::Borrowed(value),
        }
    }

    fn trimmed(v: &str) -> String {
        let mut out = String::new();
        push_trimmed(&mut out, v);
        out
    }

    #[test]
    fn trimall_collapses_runs_and_trims_ends() {
        assert_eq!(trimmed("  padded   value  "), "padded value");
        assert_eq!(trimmed("\"a   b   c\""), "\"a b c\"");
        assert_eq!(trimmed("a\tb \t c"), "a b c");
        assert_eq!(trimmed("a\u{a0}\u{3000}b"), "a b");
        assert_eq!(trimmed("   "), "");
        assert_eq!(trimmed("plain"), "plain");
    }

    #[test]
    fn signed_header_names_merge_host_in_order() {
        let headers = [
            h("content-type", "image/png"),
            h("my-header1", "value2"),
            h("my-header1", "value1"),
            h("x-amz-meta-a", "  spaced   out "),
        ];
        let mut names = String::new();
        write_signed_headers(&mut names, &headers, "%3B");
        assert_eq!(names, "content-type%3Bhost%3Bmy-header1%3Bx-amz-meta-a");
        names.clear();
        write_signed_headers(&mut names, &[h("content-length", "1")], ";");
        assert_eq!(names, "content-length;host");
        names.clear();
        write_signed_headers(&mut names, &[], ";");
        assert_eq!(names, "host");
    }
}
