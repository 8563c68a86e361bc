use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "My_Bucket", key = "k", method = "GET")]
struct Upload {}

fn main() {}
