use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k", method = "PUT")]
struct Upload {
    #[presign(download_filename)]
    name: String,
}

fn main() {}
