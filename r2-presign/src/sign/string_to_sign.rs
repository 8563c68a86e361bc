//! Stage 2 of SigV4: the string to sign.
//!
//! ```text
//! AWS4-HMAC-SHA256\n
//! YYYYMMDDTHHMMSSZ\n
//! YYYYMMDD/region/service/aws4_request\n
//! hex(SHA-256(canonical request))
//! ```
//!
//! It is never materialized on the hot path: its head is built on the stack, its scope tail
//! is precomputed per presigner, and the three pieces are fed to the HMAC in turn.

/// `AWS4-HMAC-SHA256\nYYYYMMDDTHHMMSSZ\nYYYYMMDD`: everything before the region, from the
/// 16-byte `X-Amz-Date` value.
pub(crate) fn head(datetime: &str) -> [u8; 42] {
    let mut out = [0u8; 42];
    out[..17].copy_from_slice(b"AWS4-HMAC-SHA256\n");
    let dt = datetime.as_bytes();
    if dt.len() == 16 {
        out[17..33].copy_from_slice(dt);
        out[34..].copy_from_slice(&dt[..8]);
    }
    out[33] = b'\n';
    out
}

/// The string to sign as text, for traces and tests.
pub(crate) fn to_string(pieces: &[&[u8]]) -> String {
    String::from_utf8_lossy(&pieces.concat()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_suite_layout() {
        let hash = "bb7705b4aa3cb8e8f5e1e0b3d4c0b64030797a313c8ceee43e33117cc43eadc5";
        let head = head("20150830T123600Z");
        let sts = to_string(&[&head, b"/us-east-1/service/aws4_request\n", hash.as_bytes()]);
        assert_eq!(
            sts,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
             bb7705b4aa3cb8e8f5e1e0b3d4c0b64030797a313c8ceee43e33117cc43eadc5"
        );
    }
}
