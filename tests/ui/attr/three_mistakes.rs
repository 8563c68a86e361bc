use r2_presign::Presign;

#[derive(Presign)]
#[presign(
    bukcet = "abc",
    key = "avatars/{user}/{file_name}",
    method = "PUT",
    max_expiry = "8d"
)]
struct AvatarUpload {
    user_id: u64,
    file_name: String,
}

fn main() {}
