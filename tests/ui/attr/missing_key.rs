use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", method = "GET")]
struct Upload {}

fn main() {}
