use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "", method = "GET")]
struct Download {}

fn main() {}
