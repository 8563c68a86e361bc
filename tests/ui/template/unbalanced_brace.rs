use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "users/{id}}", method = "GET")]
struct Download {
    id: u64,
}

fn main() {}
