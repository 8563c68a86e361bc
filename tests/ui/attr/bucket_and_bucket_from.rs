use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", bucket_from = "uploads", key = "k", method = "GET")]
struct Upload {}

fn main() {}
