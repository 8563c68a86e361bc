//! SigV4 query-string signing, one file per stage.
//!
//! [`presign`] is the single signing path: the high-level [`crate::Presigner`] and the
//! low-level [`crate::sigv4`] entry point both describe their request as an [`Input`] and call
//! it. It writes the URL up to its signature, encoding the path and the query ([`query`])
//! once ([`url`]); writes the canonical request into a reused buffer, its URI and query copied
//! from those very bytes of the URL, and hashes it ([`canonical_request`]); finishes the HMAC of the string to
//! sign from a state that has already absorbed its head ([`string_to_sign`], [`signature`]);
//! and appends the signature to the URL.

pub(crate) mod canonical_request;
pub(crate) mod encode;
pub(crate) mod query;
pub(crate) mod signature;
pub(crate) mod string_to_sign;
pub(crate) mod url;

use std::borrow::Cow;
use std::cell::Cell;

use zeroize::Zeroizing;

use crate::Credentials;
use crate::crypto::{self, HmacKey};
use crate::params::Header;
use canonical_request::Host;
use encode::{Set, encode_into};
use signature::Signer;

/// A query parameter to sign besides the `X-Amz-*` authentication ones, not yet encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct QueryParam<'a> {
    pub(crate) name: Cow<'a, str>,
    pub(crate) value: Cow<'a, str>,
}

/// The parts of every URL that depend only on the credentials, region and service, encoded
/// once: a `Presigner` keeps one, so signing does not re-encode them each time.
pub(crate) struct Scope {
    /// `X-Amz-Credential=<encoded access key id>%2F`: the parameter up to the date.
    pub(crate) credential_head: String,
    /// `%2F<region>%2F<service>%2Faws4_request`: the parameter after the date.
    pub(crate) credential_tail: String,
    /// `X-Amz-Algorithm=AWS4-HMAC-SHA256&` and the credential head: the query up to the date
    /// when no extra parameter sorts between them.
    pub(crate) query_head: String,
    /// The credential tail and `&X-Amz-Date=`.
    pub(crate) query_mid: String,
    /// `/<region>/<service>/aws4_request\n`: the string to sign's scope after the date.
    pub(crate) sts_tail: String,
    /// `X-Amz-Security-Token=<encoded token>`, if any (wiped on drop).
    pub(crate) token_param: Option<Zeroizing<String>>,
    /// HMAC key `"AWS4" + secret`, the first step of every day's key derivation (as good as
    /// the secret: wiped on drop).
    pub(crate) secret_key: HmacKey,
    pub(crate) region: String,
    pub(crate) service: String,
}

impl Scope {
    pub(crate) fn new(credentials: &Credentials, region: &str, service: &str) -> Self {
        let mut credential_head = String::from("X-Amz-Credential=");
        encode_into(
            &mut credential_head,
            credentials.access_key_id(),
            Set::Query,
        );
        credential_head.push_str("%2F");
        let mut credential_tail = String::from("%2F");
        encode_into(&mut credential_tail, region, Set::Query);
        credential_tail.push_str("%2F");
        encode_into(&mut credential_tail, service, Set::Query);
        credential_tail.push_str("%2Faws4_request");
        let token_param = credentials.session_token().map(|t| {
            let mut param = Zeroizing::new(String::from("X-Amz-Security-Token="));
            encode_into(&mut param, t, Set::Query);
            param
        });
        Self {
            query_head: format!("X-Amz-Algorithm=AWS4-HMAC-SHA256&{credential_head}"),
            query_mid: format!("{credential_tail}&X-Amz-Date="),
            credential_head,
            credential_tail,
            sts_tail: format!("/{region}/{service}/aws4_request\n"),
            token_param,
            secret_key: HmacKey::from_parts(&[b"AWS4", credentials.secret_access_key().as_bytes()]),
            region: region.to_owned(),
            service: service.to_owned(),
        }
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        self.secret_key.wipe();
    }
}

impl std::fmt::Debug for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scope")
            .field("region", &self.region)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

/// Everything that goes into a presigned URL, already validated.
#[derive(Debug)]
pub(crate) struct Input<'a> {
    pub(crate) method: &'a str,
    /// `https` or `http`.
    pub(crate) scheme: &'a str,
    pub(crate) host: Host<'a>,
    /// The path: `verbatim` pieces that need no encoding (`["/", bucket, "/"]`, a bucket name
    /// being lowercase letters, digits, `-` and `.`), then `encoded`, percent-encoded.
    pub(crate) path: Path<'a>,
    pub(crate) query: &'a [QueryParam<'a>],
    /// Sorted by name (stable, so repeated names keep their order).
    pub(crate) headers: &'a [Header],
    pub(crate) payload_hash: &'a str,
    pub(crate) scope: &'a Scope,
    pub(crate) expires: u32,
    /// `YYYYMMDDTHHMMSSZ`; its first 8 bytes are the scope's date.
    pub(crate) datetime: &'a str,
    /// The first four authentication parameters, up to the expiry's value
    /// ([`Signer::query_head`]).
    pub(crate) query_head: &'a str,
    /// Text a presigner prepares once, when it can ([`Prepared`]).
    pub(crate) prepared: Option<&'a Prepared>,
}

/// Parts of the URL and canonical request that depend only on a presigner's endpoint, for
/// path-style endpoints (where the host does not hold the bucket): written once each instead
/// of piece by piece.
#[derive(Debug)]
pub(crate) struct Prepared {
    /// `scheme://authority`.
    pub(crate) origin: String,
    /// The canonical request after the query when only `host` is signed:
    /// `host:<authority>\n\nhost\n<payload hash>`.
    pub(crate) host_only_tail: String,
}

impl Prepared {
    pub(crate) fn new(scheme: &str, authority: &str, payload_hash: &str) -> Self {
        Self {
            origin: format!("{scheme}://{authority}"),
            host_only_tail: format!("host:{authority}\n\nhost\n{payload_hash}"),
        }
    }
}

/// The intermediate products of one signature, for conformance checks and debugging.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Trace {
    pub(crate) canonical_request: String,
    pub(crate) string_to_sign: String,
    pub(crate) signature: String,
}

/// The path of a URL, before encoding.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Path<'a> {
    /// Pieces copied as they are: they hold only unreserved characters and `/`.
    pub(crate) verbatim: [&'a str; 3],
    /// The rest (the object key), percent-encoded.
    pub(crate) encoded: &'a str,
}

thread_local! {
    /// The canonical request of the last signature on this thread: reused, so steady-state
    /// signing allocates only the URL it returns.
    static CANONICAL: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Signs `input` and returns the presigned URL; fills `trace` when one is given.
pub(crate) fn presign(input: &Input<'_>, signer: Signer<'_>, trace: Option<&mut Trace>) -> String {
    // Taken out and put back: nothing here re-enters, and a thread that is being torn down
    // (its buffer gone) signs with a fresh one.
    let mut buf = CANONICAL.try_with(Cell::take).unwrap_or_default();
    let url = presign_with(&mut buf, input, signer, trace);
    let _ = CANONICAL.try_with(|cell| cell.set(buf));
    url
}

fn presign_with(
    buf: &mut Vec<u8>,
    input: &Input<'_>,
    signer: Signer<'_>,
    trace: Option<&mut Trace>,
) -> String {
    let (mut url, parts) = url::write_unsigned(input);
    let mut canonical = canonical_request::Sink::new(buf);
    canonical_request::write(&mut canonical, input, &url, &parts);
    let (hash, text) = canonical.finish();
    let hash = crypto::to_hex(&hash);
    let signature = signer.sign(&hash);
    let signature = crypto::hex_str(&signature);
    url::push_signature(&mut url, signature);
    if let Some(trace) = trace {
        let head = string_to_sign::head(input.datetime);
        *trace = Trace {
            canonical_request: String::from_utf8_lossy(text).into_owned(),
            string_to_sign: string_to_sign::to_string(&[
                &head,
                input.scope.sts_tail.as_bytes(),
                &hash,
            ]),
            signature: signature.to_owned(),
        };
    }
    url
}
