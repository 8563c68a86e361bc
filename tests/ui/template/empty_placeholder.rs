use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "users/{}", method = "GET")]
struct Download {}

fn main() {}
