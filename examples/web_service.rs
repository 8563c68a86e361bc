//! A web service that hands browsers presigned uploads.
//!
//! ```text
//! cargo run --example web_service            # then:
//! curl -s localhost:3000/uploads -H 'content-type: application/json' \
//!      -d '{"file_name": "holiday.jpg", "size": 123456}'
//! ```
//!
//! `POST /uploads` takes a file name and size and answers with a presigned PUT as JSON,
//! `{"method", "url", "headers", "expires_at"}`: the browser sends the file to the URL with
//! exactly those headers. The file name is in the key and the size is signed as
//! `content-length`, so the URL uploads that file and nothing bigger, nowhere else.
//!
//! Credentials come from `R2_ACCOUNT_ID`, `R2_ACCESS_KEY_ID`, `R2_SECRET_ACCESS_KEY` and
//! `R2_BUCKET`; without them the service signs for a demo account (the URLs are well formed
//! but R2 will refuse them). Remember the bucket's CORS rules must allow `PUT` and the
//! signed headers (`content-type`, `content-length`) from your site's origin.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use r2_presign::{Credentials, Endpoint, Expiry, Presign, PresignedRequest, Presigner};
use serde::Deserialize;

/// The largest upload this service signs.
const MAX_SIZE: u64 = 10 << 20;

/// A user's photo upload: one segment for the name, the exact size signed.
#[derive(Presign)]
#[presign(
    bucket_from = "uploads",
    key = "photos/{user_id}/{file_name}",
    method = "PUT",
    content_type = "image/jpeg",
    max_expiry = "10m"
)]
struct PhotoUpload {
    user_id: u64,
    file_name: String,
    #[presign(content_length)]
    size: u64,
}

/// What the browser asks for.
#[derive(Debug, Deserialize)]
struct UploadRequest {
    file_name: String,
    size: u64,
}

/// `POST /uploads`: a presigned PUT for one file of exactly `size` bytes.
async fn presign_upload(
    State(presigner): State<Arc<Presigner>>,
    Json(req): Json<UploadRequest>,
) -> Result<Json<PresignedRequest>, (StatusCode, String)> {
    if req.size > MAX_SIZE {
        return Err((
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("files are at most {MAX_SIZE} bytes"),
        ));
    }
    // In a real service the user comes from the session.
    let upload = PhotoUpload {
        user_id: 42,
        file_name: req.file_name,
        size: req.size,
    };
    upload
        .presign(&presigner, Expiry::minutes(5))
        .map(Json)
        // Every error here is the caller's (a file name with `/`, an empty name, ...).
        .map_err(|e| (StatusCode::BAD_REQUEST, e.to_string()))
}

fn app(presigner: Presigner) -> Router {
    Router::new()
        .route("/uploads", post(presign_upload))
        .with_state(Arc::new(presigner))
}

fn presigner_from_env() -> Result<Presigner, r2_presign::Error> {
    let (creds, account, bucket) = match (
        Credentials::from_env(),
        std::env::var("R2_ACCOUNT_ID"),
        std::env::var("R2_BUCKET"),
    ) {
        (Ok(creds), Ok(account), Ok(bucket)) => (creds, account, bucket),
        _ => {
            eprintln!("R2_* variables not set: signing for a demo account");
            (
                Credentials::new("demo-access-key", "demo-secret")?,
                "0123456789abcdef0123456789abcdef".to_owned(),
                "demo-uploads".to_owned(),
            )
        }
    };
    Presigner::new(creds, Endpoint::r2(&account)?).with_bucket("uploads", bucket)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app(presigner_from_env()?)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The handler against a real S3 server (the embedded s3s-fs), as a browser would use
    /// its answer.
    #[tokio::test]
    async fn the_presigned_upload_binds_name_and_size() {
        let server = s3_test_server::S3Server::builder()
            .bucket("photos")
            .start()
            .await
            .unwrap();
        let presigner = Presigner::new(
            Credentials::new(server.access_key(), server.secret_key()).unwrap(),
            Endpoint::custom(server.endpoint(), "auto").unwrap(),
        )
        .with_bucket("uploads", "photos")
        .unwrap();
        let state = State(Arc::new(presigner));
        let ask = |file_name: &str, size: u64| {
            Json(UploadRequest {
                file_name: file_name.into(),
                size,
            })
        };

        let Json(upload) = presign_upload(state.clone(), ask("holiday.jpg", 5))
            .await
            .unwrap();
        let json = serde_json::to_value(&upload).unwrap();
        assert_eq!(json["method"], "PUT");
        assert_eq!(json["headers"]["content-length"], "5");
        assert_eq!(json["headers"]["content-type"], "image/jpeg");
        assert!(
            json["url"]
                .as_str()
                .unwrap()
                .contains("/photos/photos/42/holiday.jpg?")
        );
        assert!(json["expires_at"].as_str().unwrap().ends_with('Z'));

        // What the browser does with it: the right size works, another is refused.
        let send = |body: &'static [u8]| {
            let mut req = reqwest::Client::new().put(upload.url());
            for (name, value) in upload.headers() {
                if name != "content-length" {
                    req = req.header(name, value);
                }
            }
            req.body(body).send()
        };
        assert_eq!(send(b"12345").await.unwrap().status(), 200);
        assert_eq!(send(b"123456").await.unwrap().status(), 403);

        // Bad requests are refused with a reason.
        let (status, why) = presign_upload(state.clone(), ask("../../etc/passwd", 5))
            .await
            .unwrap_err();
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(why.contains("file_name"), "{why}");
        let (status, _) = presign_upload(state, ask("huge.jpg", MAX_SIZE + 1))
            .await
            .unwrap_err();
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    }
}
