use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "avatars/{user_id}", method = "GET")]
struct Upload {
    user_id: u64,
    file_name: String,
}

fn main() {}
