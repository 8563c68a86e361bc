use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k", method = "POST")]
struct Upload {}

fn main() {}
