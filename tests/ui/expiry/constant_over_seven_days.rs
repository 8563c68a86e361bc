use r2_presign::{Credentials, Endpoint, Presign, Presigner};

#[derive(Presign)]
#[presign(bucket = "abc", key = "avatars/{id}", method = "GET")]
struct AvatarDownload {
    id: u64,
}

fn main() {
    let presigner = Presigner::new(
        Credentials::new("id", "secret").unwrap(),
        Endpoint::r2("0123456789abcdef0123456789abcdef").unwrap(),
    );
    let _ = AvatarDownload { id: 1 }.presign_in::<604801>(&presigner);
}
