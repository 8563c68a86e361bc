use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "{0}", method = "GET")]
struct Upload(u64);

fn main() {}
