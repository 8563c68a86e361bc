//! Presigning speed, side by side in one run:
//!
//! - `r2-presign`: a cached signing key (the steady state of a long-lived `Presigner`);
//! - `r2-presign (cold key)`: the key cache emptied before every signature, so the 4-HMAC key
//!   derivation is paid each time;
//! - `rusty-s3`: rusty-s3 0.11, the closest Rust peer (it derives the key on every call);
//! - `crypto floor`: only the two calls a signature is made of, over the same bytes prepared
//!   in advance, with RustCrypto's `sha2`/`hmac` and the 32-byte signing key cached:
//!   `hex(SHA-256(canonical request))`, then `hex(HMAC-SHA256(kSigning, string to sign))`;
//! - `crypto floor (pre-keyed)`: the same, with the HMAC's key pads already hashed (a cloned
//!   keyed state), the least crypto work any signer can do without caching more.
//!
//! Requests: a GET of `my-bucket/photos/2025/cat picture.png` for 3600 s on an R2 account
//! endpoint, and the same key as a PUT with a signed `content-type: image/png`.
//!
//! Run `cargo bench -p r2-presign --bench presign`, then `python3 r2-presign/benches/report.py`
//! for the medians and ratios.

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use r2_presign::{Credentials, Endpoint, Expiry, Method, Presigner};
use rusty_s3::S3Action;
use sha2::{Digest, Sha256};

const ACCOUNT: &str = "4ddf0767d2d26b8d33cf7ef6f411a163";
const ACCESS_KEY: &str = "8f1d4e6c2b9a7f3e5d0c1b2a3f4e5d6c";
const SECRET: &str = "3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c";
const BUCKET: &str = "my-bucket";
const KEY: &str = "photos/2025/cat picture.png";
const EXPIRES: u64 = 3600;
/// 2025-12-01T18:05:12Z
const NOW_SECS: u64 = 1_764_612_312;

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW_SECS)
}

fn presigner() -> Presigner {
    Presigner::new(
        Credentials::new(ACCESS_KEY, SECRET).unwrap(),
        Endpoint::r2(ACCOUNT).unwrap(),
    )
}

fn ours(p: &Presigner, method: Method) -> r2_presign::PresignedRequest {
    let b = p.request(method, black_box(BUCKET), black_box(KEY));
    let b = if method == Method::Put {
        b.content_type("image/png")
    } else {
        b
    };
    b.sign_at(Expiry::seconds(EXPIRES), now()).unwrap()
}

struct RustyS3 {
    bucket: rusty_s3::Bucket,
    creds: rusty_s3::Credentials,
    time: jiff::Timestamp,
}

impl RustyS3 {
    fn new() -> Self {
        let url = format!("https://{ACCOUNT}.r2.cloudflarestorage.com")
            .parse()
            .unwrap();
        Self {
            bucket: rusty_s3::Bucket::new(url, rusty_s3::UrlStyle::Path, BUCKET, "auto").unwrap(),
            creds: rusty_s3::Credentials::new(ACCESS_KEY, SECRET),
            time: jiff::Timestamp::from_second(NOW_SECS as i64).unwrap(),
        }
    }

    fn sign(&self, method: Method) -> url::Url {
        let ttl = Duration::from_secs(EXPIRES);
        match method {
            Method::Put => {
                let mut put = rusty_s3::actions::PutObject::new(
                    &self.bucket,
                    Some(&self.creds),
                    black_box(KEY),
                );
                put.headers_mut().insert("content-type", "image/png");
                put.sign_with_time(ttl, &self.time)
            }
            _ => rusty_s3::actions::GetObject::new(&self.bucket, Some(&self.creds), black_box(KEY))
                .sign_with_time(ttl, &self.time),
        }
    }
}

/// The crypto a signature needs, on bytes prepared in advance.
struct Floor {
    canonical_request: Vec<u8>,
    sts_prefix: Vec<u8>,
    key: Vec<u8>,
    keyed: Hmac<Sha256>,
}

impl Floor {
    fn new(method: Method) -> Self {
        let p = presigner();
        let (_, trace) = {
            let b = p.request(method, BUCKET, KEY);
            let b = if method == Method::Put {
                b.content_type("image/png")
            } else {
                b
            };
            b.sign_traced_at(Expiry::seconds(EXPIRES), now()).unwrap()
        };
        let sts = trace.string_to_sign.as_bytes();
        let key = derive(SECRET, "20251201", "auto", "s3");
        let floor = Self {
            canonical_request: trace.canonical_request.into_bytes(),
            sts_prefix: sts[..sts.len() - 64].to_vec(),
            keyed: Hmac::<Sha256>::new_from_slice(&key).unwrap(),
            key,
        };
        let sig = floor.sign(Hmac::<Sha256>::new_from_slice(&floor.key).unwrap());
        assert_eq!(
            &sig[..],
            trace.signature.as_bytes(),
            "the floor computes the real signature"
        );
        floor
    }

    fn sign(&self, mut mac: Hmac<Sha256>) -> [u8; 64] {
        let mut hash = [0u8; 64];
        hex::encode_to_slice(
            Sha256::digest(black_box(&self.canonical_request)),
            &mut hash,
        )
        .unwrap();
        mac.update(&self.sts_prefix);
        mac.update(&hash);
        let mut sig = [0u8; 64];
        hex::encode_to_slice(mac.finalize().into_bytes(), &mut sig).unwrap();
        sig
    }
}

fn derive(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let mac = |k: &[u8], d: &[u8]| {
        let mut m = Hmac::<Sha256>::new_from_slice(k).unwrap();
        m.update(d);
        m.finalize().into_bytes().to_vec()
    };
    let k = mac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k = mac(&k, region.as_bytes());
    let k = mac(&k, service.as_bytes());
    mac(&k, b"aws4_request")
}

/// The derive case: a two-placeholder upload type.
#[derive(r2_presign::Presign)]
#[presign(
    bucket = "user-uploads",
    key = "avatars/{user_id}/{file_name}",
    method = "PUT",
    content_type = "image/png",
    max_expiry = "1h"
)]
struct AvatarUpload {
    user_id: u64,
    file_name: String,
}

fn bench_derive(c: &mut Criterion) {
    use r2_presign::Presign;
    let mut group = c.benchmark_group("derive_put_two_placeholders");
    let p = presigner();
    let upload = AvatarUpload {
        user_id: 42,
        file_name: "cat picture.png".to_owned(),
    };
    group.bench_function("derived", |b| {
        b.iter(|| {
            black_box(&upload)
                .presign_at(&p, Expiry::seconds(EXPIRES), now())
                .unwrap()
        });
    });
    group.bench_function("by hand", |b| {
        b.iter(|| {
            let upload = black_box(&upload);
            let key = format!("avatars/{}/{}", upload.user_id, upload.file_name);
            p.put("user-uploads", &key)
                .content_type("image/png")
                .sign_at(Expiry::seconds(EXPIRES), now())
                .unwrap()
        });
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    for (name, method) in [("get", Method::Get), ("put_content_type", Method::Put)] {
        let mut group = c.benchmark_group(name);
        let p = presigner();
        ours(&p, method);
        group.bench_function("r2-presign", |b| b.iter(|| ours(&p, method)));
        group.bench_function("r2-presign (cold key)", |b| {
            b.iter(|| {
                p.clear_key_cache();
                ours(&p, method)
            });
        });
        let rusty = RustyS3::new();
        group.bench_function("rusty-s3", |b| b.iter(|| rusty.sign(method)));
        let floor = Floor::new(method);
        group.bench_function("crypto floor", |b| {
            b.iter(|| floor.sign(Hmac::<Sha256>::new_from_slice(black_box(&floor.key)).unwrap()));
        });
        group.bench_function("crypto floor (pre-keyed)", |b| {
            b.iter(|| floor.sign(black_box(&floor.keyed).clone()));
        });
        group.finish();
    }
}

criterion_group!(benches, bench, bench_derive);
criterion_main!(benches);
