use r2_presign::Presign;

#[derive(Presign)]
#[presign(bucket = "abc", key = "k/{missing}", method = "GET")]
struct Upload {}

fn main() {
    // The type is used as a `Presign` below; the failed derive must not add
    // "trait `Presign` is not implemented" to the one real error above.
    let _ = <Upload as Presign>::KEY_TEMPLATE;
    let _ = Upload {}.key();
}
