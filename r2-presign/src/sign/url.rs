//! The presigned URL: the origin, then the canonical URI and canonical query cut out of the
//! canonical request, then the signature. Nothing is encoded here, so the URL is byte for
//! byte what was signed.

use super::Input;

/// `&X-Amz-Signature=` and 64 hex digits.
const SIGNATURE_LEN: usize = 18 + 64;

/// `scheme://[bucket.]authority` + `path` + `?` + `query` + `&X-Amz-Signature=` + `signature`.
pub(crate) fn assemble(input: &Input<'_>, path: &str, query: &str, signature: &str) -> String {
    let host = input.host;
    let mut url = String::with_capacity(
        input.scheme.len() + 3 + host.len() + path.len() + 1 + query.len() + SIGNATURE_LEN,
    );
    url.push_str(input.scheme);
    url.push_str("://");
    host.write(&mut url);
    url.push_str(path);
    url.push('?');
    url.push_str(query);
    url.push_str("&X-Amz-Signature=");
    url.push_str(signature);
    url
}
