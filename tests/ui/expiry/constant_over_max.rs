use r2_presign::{Credentials, Endpoint, Presign, Presigner};

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
    // Two hours, against a declared maximum of fifteen minutes: does not build.
    let _ = AvatarUpload { id: 1 }.presign_in::<7200>(&presigner);
}
