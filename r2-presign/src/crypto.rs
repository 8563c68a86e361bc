//! The only module that touches the SHA-256 implementation (`sha2`).
//!
//! HMAC-SHA256 is built here on `sha2`'s raw compression function rather than through the
//! generic `hmac`/`digest` stack: SigV4 signs short, fixed-shape messages, and the generic
//! layers (block buffers, output wrappers) cost as much per call as the compressions
//! themselves. HMAC is a few lines (RFC 2104); it is checked against the `hmac` crate and
//! RFC 4231 below, and through every signing test vector.

use sha2::block_api::compress256;
use zeroize::Zeroize;

/// Lowercase hex of a 32-byte digest.
pub(crate) type Hex64 = [u8; 64];

type State = [u32; 8];

/// SHA-256's initial hash value (FIPS 180-4, 5.3.3).
const IV: State = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// A SHA-256 computation in progress: the chaining state, the bytes absorbed so far, and the
/// tail that does not fill a block yet.
///
/// Not wiped on drop: per-signature copies are short-lived stack values. The long-lived ones
/// derived from the secret ([`HmacKey`], the signing cache) wipe themselves with
/// [`wipe`](Self::wipe).
#[derive(Clone)]
pub(crate) struct Sha256 {
    state: State,
    len: u64,
    buf: [u8; 64],
    buf_len: usize,
}

impl Default for Sha256 {
    fn default() -> Self {
        Self {
            state: IV,
            len: 0,
            buf: [0; 64],
            buf_len: 0,
        }
    }
}

impl Sha256 {
    /// Overwrites the state, and any buffered input, with zeros.
    pub(crate) fn wipe(&mut self) {
        self.state.zeroize();
        if self.buf_len > 0 {
            self.buf.zeroize();
        }
    }

    pub(crate) fn update(&mut self, mut data: &[u8]) {
        self.len += data.len() as u64;
        if self.buf_len > 0 {
            let take = (64 - self.buf_len).min(data.len());
            self.buf[self.buf_len..self.buf_len + take].copy_from_slice(&data[..take]);
            self.buf_len += take;
            data = &data[take..];
            if self.buf_len < 64 {
                return;
            }
            compress256(&mut self.state, std::slice::from_ref(&self.buf));
            self.buf_len = 0;
        }
        let (blocks, rest) = data.as_chunks::<64>();
        if !blocks.is_empty() {
            compress256(&mut self.state, blocks);
        }
        self.buf[..rest.len()].copy_from_slice(rest);
        self.buf_len = rest.len();
    }

    /// Pads and returns the digest.
    pub(crate) fn finish(mut self) -> [u8; 32] {
        self.digest(false)
    }

    /// `update(data)` then `finish()`, with every block left handed to the compression
    /// function in one call when they fit in three (a signature's 64-byte hash).
    #[inline]
    pub(crate) fn finish_with(&self, data: &[u8]) -> [u8; 32] {
        let n = self.buf_len;
        let total = n + data.len();
        if total + 9 > 3 * 64 {
            let mut this = self.clone();
            this.update(data);
            return this.finish();
        }
        let blocks = (total + 9).div_ceil(64);
        let mut tail = [[0u8; 64]; 3];
        let flat = tail.as_flattened_mut();
        flat[..n].copy_from_slice(&self.buf[..n]);
        flat[n..total].copy_from_slice(data);
        flat[total] = 0x80;
        let bits = (self.len + data.len() as u64).wrapping_mul(8);
        flat[blocks * 64 - 8..blocks * 64].copy_from_slice(&bits.to_be_bytes());
        let mut state = self.state;
        compress256(&mut state, &tail[..blocks]);
        state_bytes(state)
    }

    /// Pads and returns the digest; with `wipe`, zeroes the buffered input and the state.
    fn digest(&mut self, wipe: bool) -> [u8; 32] {
        let bits = self.len.wrapping_mul(8);
        let n = self.buf_len;
        self.buf[n] = 0x80;
        if n >= 56 {
            // No room for the length: pad this block out and use one more.
            self.buf[n + 1..].fill(0);
            compress256(&mut self.state, std::slice::from_ref(&self.buf));
            self.buf.fill(0);
        } else {
            self.buf[n + 1..56].fill(0);
        }
        self.buf[56..].copy_from_slice(&bits.to_be_bytes());
        compress256(&mut self.state, std::slice::from_ref(&self.buf));
        let out = state_bytes(self.state);
        if wipe {
            self.state.zeroize();
            self.buf.zeroize();
        }
        out
    }
}

/// `SHA-256` of the first `len` bytes of `buf`, padding them in place: the buffer is extended
/// to whole blocks and hashed in one call, then cut back to `len`.
#[inline]
pub(crate) fn sha256_in_place(buf: &mut Vec<u8>) -> [u8; 32] {
    let len = buf.len();
    let padded = (len + 9).div_ceil(64) * 64;
    buf.push(0x80);
    buf.resize(padded - 8, 0);
    buf.extend_from_slice(&(len as u64).wrapping_mul(8).to_be_bytes());
    let mut state = IV;
    compress256(&mut state, buf.as_chunks::<64>().0);
    buf.truncate(len);
    state_bytes(state)
}

/// `SHA-256(data)`.
#[cfg(test)]
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    let mut h = Sha256::default();
    h.update(data);
    h.finish()
}

/// An HMAC-SHA256 key: the chaining states after its inner and outer pads, so each MAC costs
/// only the message's blocks plus one for the outer hash.
///
/// Not wiped on drop, so that the chain of four HMACs deriving a signing key stays cheap; the
/// keys kept (the scope's and the signing cache's) call [`wipe`](Self::wipe) when dropped.
#[derive(Clone)]
pub(crate) struct HmacKey {
    inner: State,
    outer: State,
}

/// Hashes one block of a message of `total` bytes whose last `tail.len() <= 55` bytes are
/// `tail`: pads it and finishes, in a single compression.
#[inline]
fn finish_block(mut state: State, tail: &[u8], total: u64) -> [u8; 32] {
    let mut block = [0u8; 64];
    block[..tail.len()].copy_from_slice(tail);
    block[tail.len()] = 0x80;
    block[56..].copy_from_slice(&total.wrapping_mul(8).to_be_bytes());
    compress256(&mut state, std::slice::from_ref(&block));
    state_bytes(state)
}

/// The digest of a finished state (big-endian words).
#[inline]
fn state_bytes(state: State) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// `HMAC-SHA256(key, data)` for a 32-byte key (a derived SigV4 key) and at most 55 bytes of
/// data: the four compressions in two calls, the pads and the message side by side.
pub(crate) fn hmac_derived(key: &[u8; 32], data: &[u8]) -> [u8; 32] {
    if data.len() > 55 {
        return HmacKey::new(key).mac(data);
    }
    let mut blocks = [[0u8; 64]; 2];
    let pad = |blocks: &mut [[u8; 64]; 2], x: u8| {
        blocks[0] = [x; 64];
        for (p, k) in blocks[0].iter_mut().zip(key) {
            *p ^= k;
        }
    };
    pad(&mut blocks, 0x36);
    blocks[1][..data.len()].copy_from_slice(data);
    blocks[1][data.len()] = 0x80;
    blocks[1][56..].copy_from_slice(&((64 + data.len() as u64) * 8).to_be_bytes());
    let mut inner = IV;
    compress256(&mut inner, &blocks);
    pad(&mut blocks, 0x5c);
    blocks[1] = [0; 64];
    blocks[1][..32].copy_from_slice(&state_bytes(inner));
    blocks[1][32] = 0x80;
    blocks[1][56..].copy_from_slice(&((64u64 + 32) * 8).to_be_bytes());
    let mut outer = IV;
    compress256(&mut outer, &blocks);
    state_bytes(outer)
}

impl HmacKey {
    /// A key derived for one day (`kDate`, `kRegion`, ...): its key block is not wiped, like
    /// the derived keys themselves.
    pub(crate) fn new(key: &[u8]) -> Self {
        Self::build(&[key], false)
    }

    /// The key `parts` concatenated (`"AWS4"` and the secret), without copying them together
    /// outside the key block, which is wiped.
    pub(crate) fn from_parts(parts: &[&[u8]]) -> Self {
        Self::build(parts, true)
    }

    fn build(parts: &[&[u8]], secret: bool) -> Self {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let mut block = [0u8; 64];
        if len > 64 {
            let mut h = Sha256::default();
            for part in parts {
                h.update(part);
            }
            block[..32].copy_from_slice(&h.digest(secret));
        } else {
            let mut at = 0;
            for part in parts {
                block[at..at + part.len()].copy_from_slice(part);
                at += part.len();
            }
        }
        let mut pad = [0u8; 64];
        let mut state = |x: u8| {
            for (p, b) in pad.iter_mut().zip(&block) {
                *p = b ^ x;
            }
            let mut state = IV;
            compress256(&mut state, std::slice::from_ref(&pad));
            state
        };
        let key = Self {
            inner: state(0x36),
            outer: state(0x5c),
        };
        if secret {
            pad.zeroize();
            block.zeroize();
        }
        key
    }

    /// Starts a MAC: the returned hasher takes the message.
    pub(crate) fn start(&self) -> Sha256 {
        Sha256 {
            state: self.inner,
            len: 64,
            buf: [0; 64],
            buf_len: 0,
        }
    }

    /// Finishes a MAC started with [`start`](Self::start) (or a clone of a started one).
    pub(crate) fn finish(&self, inner: Sha256) -> [u8; 32] {
        self.finish_with(&inner, &[])
    }

    /// Finishes a MAC whose last bytes are `data`.
    #[inline]
    pub(crate) fn finish_with(&self, inner: &Sha256, data: &[u8]) -> [u8; 32] {
        // The outer message is the pad (hashed) and the 32-byte inner digest: one block.
        finish_block(self.outer, &inner.finish_with(data), 64 + 32)
    }

    /// Overwrites the key's hashed pads with zeros.
    pub(crate) fn wipe(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }

    /// `HMAC-SHA256(key, data)`.
    pub(crate) fn mac(&self, data: &[u8]) -> [u8; 32] {
        if data.len() <= 55 {
            // The key derivation's messages (a date, a region, `s3`, `aws4_request`) fit in
            // the one block that also holds the padding.
            let inner = finish_block(self.inner, data, 64 + data.len() as u64);
            return finish_block(self.outer, &inner, 64 + 32);
        }
        let mut inner = self.start();
        inner.update(data);
        self.finish(inner)
    }
}

/// `HMAC-SHA256(key, data)`.
#[cfg(test)]
pub(crate) fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    HmacKey::new(key).mac(data)
}

/// Two lowercase hex digits for each byte value.
static HEX_PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut t = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [DIGITS[i >> 4], DIGITS[i & 0xF]];
        i += 1;
    }
    t
};

/// Lowercase hex of a digest.
#[inline]
pub(crate) fn to_hex(digest: &[u8; 32]) -> Hex64 {
    let mut out = [0u8; 64];
    for (pair, &b) in out.chunks_exact_mut(2).zip(digest) {
        pair.copy_from_slice(&HEX_PAIRS[usize::from(b)]);
    }
    out
}

/// The hex digits as text (always ASCII).
#[inline]
pub(crate) fn hex_str(hex: &Hex64) -> &str {
    std::str::from_utf8(hex).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{KeyInit, Mac};
    use proptest::prelude::*;
    use sha2::Digest;

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(
            hex::encode(sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn sha256_in_place_pads_and_restores_the_buffer() {
        for len in 0..300 {
            let data: Vec<u8> = (0..len).map(|i| u8::try_from(i % 251).unwrap()).collect();
            let mut buf = data.clone();
            let want: [u8; 32] = sha2::Sha256::digest(&data).into();
            assert_eq!(sha256_in_place(&mut buf), want, "{len}");
            assert_eq!(buf, data);
        }
    }

    #[test]
    fn hex_matches_the_hex_crate() {
        let bytes: [u8; 32] = std::array::from_fn(|i| u8::try_from(i * 37 % 251).unwrap());
        assert_eq!(hex_str(&to_hex(&bytes)), hex::encode(bytes));
        // Every byte value, at every position of the digest.
        for start in 0..=255u8 {
            let bytes: [u8; 32] =
                std::array::from_fn(|i| start.wrapping_add(u8::try_from(i).unwrap()));
            assert_eq!(hex_str(&to_hex(&bytes)), hex::encode(bytes));
        }
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test cases 2 (short key) and 6 (131-byte key, hashed first).
        assert_eq!(
            hex::encode(hmac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex::encode(hmac(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    proptest! {
        #[test]
        fn matches_sha2_and_hmac_crates_for_any_split(
            key in proptest::collection::vec(any::<u8>(), 0..200),
            data in proptest::collection::vec(any::<u8>(), 0..400),
            split in any::<prop::sample::Index>(),
        ) {
            prop_assert_eq!(sha256(&data), <[u8; 32]>::from(sha2::Sha256::digest(&data)));
            let mut reference = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
            reference.update(&data);
            let want: [u8; 32] = reference.finalize().into_bytes().into();
            prop_assert_eq!(hmac(&key, &data), want);
            // Fed in two pieces at any boundary.
            let at = split.index(data.len() + 1);
            let k = HmacKey::new(&key);
            let mut h = k.start();
            h.update(&data[..at]);
            h.update(&data[at..]);
            prop_assert_eq!(k.finish(h), want);
            let mut h = k.start();
            h.update(&data[..at]);
            prop_assert_eq!(k.finish_with(&h, &data[at..]), want);
            if let Ok(key32) = <[u8; 32]>::try_from(&key[..]) {
                prop_assert_eq!(hmac_derived(&key32, &data), want);
            }
        }

        #[test]
        fn derived_key_hmac_matches_the_hmac_crate(
            key in any::<[u8; 32]>(),
            data in proptest::collection::vec(any::<u8>(), 0..120),
        ) {
            let mut reference = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
            reference.update(&data);
            let want: [u8; 32] = reference.finalize().into_bytes().into();
            prop_assert_eq!(hmac_derived(&key, &data), want);
        }
    }
}
