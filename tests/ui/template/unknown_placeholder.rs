use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "users/{user}/{file}", method = "GET")]
struct Download {
    user_id: u64,
    file: String,
}

fn main() {}
