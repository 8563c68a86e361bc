//! Rules for the extra headers and query parameters a caller asks to sign.

use std::borrow::Cow;

use crate::sign::{Header, QueryParam};
use crate::{Error, Method};

/// Headers the signer or the HTTP client writes; signing them as extras is a mistake.
const RESERVED_HEADERS: [&str; 6] = [
    "host",
    "authorization",
    "x-amz-date",
    "x-amz-content-sha256",
    "x-amz-security-token",
    "x-amz-signature",
];

/// The authentication parameters the signer writes.
pub(crate) const AUTH_PARAMS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-Security-Token",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
];

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Whether `s` is an HTTP token (RFC 9110 5.6.2): a header name or a method.
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

/// Validates a header name and returns it lowercase (borrowed when it already is).
pub(crate) fn header_name(name: Cow<'_, str>) -> Result<Cow<'_, str>, Error> {
    if !is_token(&name) {
        return Err(Error::InvalidHeaderName {
            name: name.into_owned(),
        });
    }
    let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        name
    };
    if RESERVED_HEADERS.contains(&&*name) {
        return Err(Error::ReservedHeader {
            name: name.into_owned(),
        });
    }
    Ok(name)
}

/// Refuses values that could split the request: CR, LF and other control characters (a tab
/// is allowed, as HTTP allows it).
pub(crate) fn header_value(name: &str, value: &str) -> Result<(), Error> {
    if value.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err(Error::InvalidHeaderValue {
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// Checks a query parameter name: not empty, not an authentication parameter.
pub(crate) fn query_name(name: &str) -> Result<(), Error> {
    if name.is_empty() || AUTH_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(name)) {
        return Err(Error::ReservedQueryParameter {
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// Validates the headers and query of a high-level request and sorts the headers by name.
///
/// Here each header and parameter may appear once, and `response-*` only on GET or HEAD.
pub(crate) fn check_request(
    method: Method,
    headers: &mut [Header<'_>],
    query: &[QueryParam<'_>],
) -> Result<(), Error> {
    headers.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(w) = headers.windows(2).find(|w| w[0].name == w[1].name) {
        return Err(Error::DuplicateHeader {
            name: w[0].name.clone().into_owned(),
        });
    }
    for (i, q) in query.iter().enumerate() {
        if query[..i].iter().any(|p| p.name == q.name) {
            return Err(Error::DuplicateQueryParameter {
                name: q.name.clone().into_owned(),
            });
        }
        if q.name.starts_with("response-") && !method.allows_response_overrides() {
            return Err(Error::ResponseOverrideNotAllowed {
                name: q.name.clone().into_owned(),
                method,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_tokens_lowercased() {
        assert_eq!(header_name("Content-Type".into()).unwrap(), "content-type");
        assert!(matches!(
            header_name("x-amz-meta-a".into()).unwrap(),
            Cow::Borrowed(_)
        ));
        for bad in ["", "a b", "a:b", "a\nb", "é", "a(b)"] {
            assert!(
                matches!(
                    header_name(bad.into()),
                    Err(Error::InvalidHeaderName { .. })
                ),
                "{bad:?}"
            );
        }
        for reserved in ["Host", "authorization", "X-Amz-Date"] {
            assert!(matches!(
                header_name(reserved.into()),
                Err(Error::ReservedHeader { .. })
            ));
        }
    }

    #[test]
    fn header_values_refuse_line_breaks_and_controls() {
        assert!(header_value("a", "ok value\twith tab, ünïcode").is_ok());
        for bad in ["a\r\nb", "a\nb", "a\rb", "\0", "\x7f", "\x0b"] {
            assert_eq!(
                header_value("x-h", bad),
                Err(Error::InvalidHeaderValue { name: "x-h".into() })
            );
        }
    }

    #[test]
    fn auth_parameters_are_reserved_in_any_case() {
        for bad in ["", "X-Amz-Signature", "x-amz-credential", "X-AMZ-EXPIRES"] {
            assert!(query_name(bad).is_err(), "{bad}");
        }
        assert!(query_name("X-Amz-Content-Sha256").is_ok());
        assert!(query_name("x-id").is_ok());
    }
}
