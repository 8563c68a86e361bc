//! The presigned URL: the origin, the path and the query, encoded here once, then the
//! signature. The canonical request reads its URI and query out of this URL
//! ([`super::canonical_request`]), so the URL is byte for byte what was signed.

use std::ops::Range;

use super::Input;
use super::encode::{Set, encode_into};

/// `&X-Amz-Signature=` and 64 hex digits.
const SIGNATURE_LEN: usize = 18 + 64;

/// Where the path and the query sit in a URL from [`write_unsigned`].
#[derive(Debug)]
pub(crate) struct Parts {
    pub(crate) path: Range<usize>,
    pub(crate) query: Range<usize>,
}

/// Writes `scheme://[bucket.]authority` + path + `?` + query (without the signature).
#[inline]
pub(crate) fn write_unsigned(input: &Input<'_>) -> (String, Parts) {
    let mut url = String::with_capacity(capacity(input));
    match input.prepared {
        Some(prepared) => url.push_str(&prepared.origin),
        None => {
            url.push_str(input.scheme);
            url.push_str("://");
            input.host.write(&mut url);
        }
    }
    let path_start = url.len();
    for piece in input.path.verbatim {
        debug_assert!(
            piece
                .bytes()
                .all(|b| b == b'/' || b.is_ascii_alphanumeric() || b"-._~".contains(&b)),
            "{piece:?} needs encoding"
        );
        url.push_str(piece);
    }
    encode_into(&mut url, input.path.encoded, Set::Path);
    let path = path_start..url.len();
    url.push('?');
    let query_start = url.len();
    super::query::write(&mut url, input);
    let query = query_start..url.len();
    (url, Parts { path, query })
}

/// Appends `&X-Amz-Signature=<signature>`.
#[inline]
pub(crate) fn push_signature(url: &mut String, signature: &str) {
    url.push_str("&X-Amz-Signature=");
    url.push_str(signature);
}

/// Room for the whole URL, so it is allocated once: exact for the fixed parts, with some
/// slack for percent-escapes (a longer URL only grows the string).
#[inline]
fn capacity(input: &Input<'_>) -> usize {
    const AUTH_NAMES: usize = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=&X-Amz-Date=\
                               &X-Amz-Expires=604800&X-Amz-SignedHeaders=host"
        .len();
    let scope = input.scope;
    let path: usize = input.path.verbatim.iter().map(|p| p.len()).sum();
    let extras: usize = input
        .query
        .iter()
        .map(|q| q.name.len() + q.value.len() + 2)
        .sum();
    let headers: usize = input.headers.iter().map(|h| h.0.as_str().len() + 3).sum();
    input.scheme.len()
        + 3
        + input.host.len()
        + path
        + input.path.encoded.len()
        + 1
        + AUTH_NAMES
        + scope.credential_head.len()
        + 8
        + scope.credential_tail.len()
        + 16
        + scope.token_param.as_ref().map_or(0, |t| t.len() + 1)
        + extras
        + headers
        + SIGNATURE_LEN
        + 32
}
