use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k")]
struct Upload {}

fn main() {}
