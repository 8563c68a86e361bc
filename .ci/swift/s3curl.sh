#!/usr/bin/env bash
# Minimal signed S3 request with curl + openssl (AWS SigV2 header auth, which
# s3api also accepts), for CI steps that have no Python/boto:
#   .ci/swift/s3curl.sh PUT /my-bucket            # create a bucket
#   .ci/swift/s3curl.sh GET /                      # list buckets
#   .ci/swift/s3curl.sh DELETE /my-bucket          # delete an (empty) bucket
# Extra arguments go to curl (e.g. -i, -o FILE). No body, no Content-Type, no
# x-amz-* headers are signed, so use it for bucket-level calls only.
# Env: SWIFT_S3_PORT (8080), S3_ACCESS_KEY_ID (test:tester), S3_SECRET_ACCESS_KEY (testing).
set -euo pipefail
. "$(dirname "$0")/common.sh"
method="$1"; path="$2"; shift 2
key="${S3_ACCESS_KEY_ID:-test:tester}"
secret="${S3_SECRET_ACCESS_KEY:-testing}"
date="$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')"
# StringToSign = Method \n Content-MD5 \n Content-Type \n Date \n CanonicalizedResource
sig="$(printf '%s\n\n\n%s\n%s' "$method" "$date" "${path%%\?*}" |
       openssl dgst -sha1 -hmac "$secret" -binary | base64)"
exec curl -sS -X "$method" -H "Date: $date" -H "Authorization: AWS $key:$sig" "$@" "$SWIFT_S3_ENDPOINT$path"
