use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k", method = "PUT", response_content_disposition = "attachment")]
struct Upload {}

fn main() {}
