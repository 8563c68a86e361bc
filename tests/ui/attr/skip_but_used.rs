use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "avatars/{user_id}", method = "GET")]
struct Upload {
    #[presign(skip)]
    user_id: u64,
}

fn main() {}
