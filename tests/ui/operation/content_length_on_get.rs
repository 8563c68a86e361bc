use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k", method = "GET")]
struct Download {
    #[presign(content_length)]
    size: u64,
}

fn main() {}
