use r2_presign::{Credentials, Endpoint, Expiry, Presign, Presigner};

#[derive(Presign)]
#[presign(bucket = "abc", key = "avatars/{id}", method = "PUT", max_expiry = "15m")]
struct AvatarUpload {
    id: u64,
}

fn main() {
    let presigner = Presigner::new(
        Credentials::new("id", "secret").unwrap(),
        Endpoint::r2("0123456789abcdef0123456789abcdef").unwrap(),
    );
    // A constant within the maximum builds (this pass case also makes trybuild run a full
    // `cargo build`, so the monomorphization-time checks of the fail cases really run).
    let req = AvatarUpload { id: 1 }.presign_in::<900>(&presigner).unwrap();
    assert!(req.url().contains("X-Amz-Expires=900"));
    let _ = AvatarUpload { id: 1 }.presign(&presigner, Expiry::minutes(5)).unwrap();
}
