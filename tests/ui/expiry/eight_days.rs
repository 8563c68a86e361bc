use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k", method = "GET", max_expiry = "8d")]
struct Download {}

fn main() {}
