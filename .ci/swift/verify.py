#!/usr/bin/env python3
"""Check that the local Swift + s3api server verifies SigV4 presigned URLs.

botocore is the signer (the oracle); curl sends the requests, so what reaches
the server is exactly the URL text botocore produced (no client-side
re-encoding). Prints a Markdown table (case | expected | got | ok) and exits 1
if any case differs from what is expected.

    python3 .ci/swift/verify.py            # needs boto3/botocore; server from start.sh

Env: SWIFT_S3_PORT (8080), S3_ACCESS_KEY_ID (test:tester),
S3_SECRET_ACCESS_KEY (testing), SWIFT_S3_VERIFY_BUCKET (r2-presign-verify).
"""
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from unittest import mock

import datetime
import hashlib
import hmac
from urllib.parse import quote

import boto3
import botocore.auth
from botocore.config import Config

PORT = os.environ.get("SWIFT_S3_PORT", "8080")
ENDPOINT = f"http://127.0.0.1:{PORT}"
AK = os.environ.get("S3_ACCESS_KEY_ID", "test:tester")
SK = os.environ.get("S3_SECRET_ACCESS_KEY", "testing")
BUCKET = os.environ.get("SWIFT_S3_VERIFY_BUCKET", "r2-presign-verify")


def client(region="auto", secret=SK, access=AK, endpoint=ENDPOINT, style="path"):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=access,
        aws_secret_access_key=secret,
        config=Config(signature_version="s3v4", s3={"addressing_style": style},
                      retries={"max_attempts": 1}),
    )


S3 = client()


def presign(op, key=None, expires=300, c=None, bucket=BUCKET, **params):
    p = {"Bucket": bucket, **params}
    if key is not None:
        p["Key"] = key
    return (c or S3).generate_presigned_url(op, Params=p, ExpiresIn=expires)


def curl(method, url, headers=(), data=None, extra=()):
    """Return (status, body bytes, response headers text)."""
    with tempfile.NamedTemporaryFile() as out:
        cmd = ["curl", "-sS", "--path-as-is", "-g", "-D", "-", "-o", out.name]
        cmd += ["-I"] if method == "HEAD" else ["-X", method]
        for h in headers:
            cmd += ["-H", h]
        if data is not None:
            cmd += ["--data-binary", "@-"]
        cmd += list(extra) + [url]
        r = subprocess.run(cmd, input=data, capture_output=True)
        if r.returncode != 0:
            raise RuntimeError(f"curl failed: {r.stderr[-500:]!r}")
        body = open(out.name, "rb").read()
    head = r.stdout.decode("latin1")
    m = re.findall(r"^HTTP/\S+ (\d{3})", head, re.M)
    return int(m[-1]), body, head


def s3err(body):
    t = body.decode("utf8", "replace")
    code = re.search(r"<Code>(.*?)</Code>", t)
    msg = re.search(r"<Message>(.*?)</Message>", t, re.S)
    return (code.group(1) if code else "-"), (msg.group(1) if msg else "")


ROWS = []
FAILED = []


def row(case, expected, status, body=b"", note=""):
    code, msg = s3err(body) if body else ("-", "")
    got = f"{status} {code}"
    exp_status, _, exp_code = expected.partition(" ")
    ok = str(status) == exp_status and (not exp_code or exp_code == code)
    detail = msg or note
    ROWS.append((case, expected, got, detail[:110], "ok" if ok else "FAIL"))
    if not ok:
        FAILED.append(case)


def put_get(key, body):
    s, b, _ = curl("PUT", presign("put_object", key), data=body)
    if s != 200:
        return s, b
    s, b, _ = curl("GET", presign("get_object", key))
    if s == 200 and b != body:
        return 598, b"<Code>BodyMismatch</Code>"
    return s, (b if s != 200 else b"")


def manual_presign(method, canonical_path, wire_path, expires=300):
    """Hand-rolled SigV4 query signing where the canonical URI used for the
    signature (canonical_path) may differ from the path sent (wire_path)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    host = f"127.0.0.1:{PORT}"
    scope = f"{day}/auto/s3/aws4_request"
    q = {"X-Amz-Algorithm": "AWS4-HMAC-SHA256", "X-Amz-Credential": f"{AK}/{scope}",
         "X-Amz-Date": amz_date, "X-Amz-Expires": str(expires), "X-Amz-SignedHeaders": "host"}
    cq = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(q.items()))
    creq = "\n".join([method, canonical_path, cq, f"host:{host}\n", "host", "UNSIGNED-PAYLOAD"])
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(creq.encode()).hexdigest()])
    k = ("AWS4" + SK).encode()
    for part in (day, "auto", "s3", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    return f"{ENDPOINT}{wire_path}?{cq}&X-Amz-Signature={sig}"


def tamper_sig(url):
    i = url.index("X-Amz-Signature=") + len("X-Amz-Signature=")
    c = url[i]
    return url[:i] + ("0" if c != "0" else "1") + url[i + 1:]


def main():
    t0 = time.time()
    # --- 1. basics -------------------------------------------------------
    try:
        S3.create_bucket(Bucket=BUCKET)
        note = "created"
    except S3.exceptions.BucketAlreadyOwnedByYou:
        note = "already existed"
    ROWS.append(("create_bucket (boto3, header-signed SigV4)", "200", "200", note, "ok"))
    S3.put_object(Bucket=BUCKET, Key="obj.txt", Body=b"hello")
    S3.put_object(Bucket=BUCKET, Key="other.txt", Body=b"other")

    s, b, _ = curl("GET", presign("get_object", "obj.txt"))
    row("presigned GET", "200", s, b if s != 200 else b"", f"body={b!r}")
    s, b, h = curl("HEAD", presign("head_object", "obj.txt"))
    row("presigned HEAD", "200", s, note=h.split("\r\n")[0])
    s, b, _ = curl("PUT", presign("put_object", "put.txt"), data=b"via presigned PUT")
    row("presigned PUT", "200", s, b)
    s, b, _ = curl("GET", presign("get_object", "put.txt"))
    row("presigned GET of presigned-PUT object", "200", s, b if s != 200 else b"", f"body={b!r}")
    s, b, _ = curl("DELETE", presign("delete_object", "put.txt"))
    row("presigned DELETE", "204", s, b)
    s, b, _ = curl("GET", presign("get_object", "put.txt"))
    row("GET after DELETE", "404 NoSuchKey", s, b)
    s, b, _ = curl("GET", presign("list_objects_v2"))
    row("presigned ListObjectsV2 (GET /bucket?list-type=2)", "200", s, b if s != 200 else b"")
    s, b, h = curl("GET", presign("get_object", "obj.txt",
                                  ResponseContentDisposition='attachment; filename="a b.txt"',
                                  ResponseContentType="application/x-test"))
    cd = re.search(r"(?im)^content-disposition: (.*)\r$", h)
    row("presigned GET with response-content-disposition/-type", "200", s,
        b if s != 200 else b"", f"Content-Disposition: {cd.group(1) if cd else None}")

    # --- 2. tampering ----------------------------------------------------
    url = presign("get_object", "obj.txt")
    s, b, _ = curl("GET", tamper_sig(url))
    row("signature: one hex digit changed", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("GET", re.sub(r"(X-Amz-Signature=)([0-9a-f]+)", lambda m: m.group(1) + m.group(2).upper(), url))
    row("signature: upper-case hex", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("GET", url.replace("/obj.txt?", "/other.txt?"))
    row("path changed to another existing object", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("GET", url.replace("X-Amz-Expires=300", "X-Amz-Expires=301"))
    row("X-Amz-Expires raised 300->301", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("GET", url + "&foo=bar")
    row("extra unsigned query parameter appended", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("GET", presign("get_object", "obj.txt", c=client(secret="wrong")))
    row("wrong secret", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("GET", presign("get_object", "obj.txt", c=client(access="nobody:x")))
    row("unknown access key id", "403 SignatureDoesNotMatch", s, b, "AWS/R2 say InvalidAccessKeyId")
    s, b, _ = curl("GET", presign("get_object", "obj.txt", c=client(access="other:tester", secret="testing2")))
    row("valid key of another account (other:tester)", "404 NoSuchBucket", s, b,
        "its own account has no such bucket")
    s, b, _ = curl("DELETE", url)
    row("GET URL used with DELETE", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("PUT", url, data=b"x")
    row("GET URL used with PUT", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("HEAD", url)
    row("GET URL used with HEAD", "403", s, note="HEAD: no body, so no S3 code")
    short = presign("get_object", "obj.txt", expires=1)
    time.sleep(2.2)
    s, b, _ = curl("GET", short)
    row("expired (1 s expiry, waited 2.2 s)", "403 AccessDenied", s, b)
    s, b, _ = curl("GET", tamper_sig(short))
    row("expired AND bad signature", "403 AccessDenied", s, b, )
    s, b, _ = curl("GET", presign("get_object", "obj.txt", expires=604800))
    row("X-Amz-Expires=604800 (7 days, max)", "200", s, b if s != 200 else b"")
    s, b, _ = curl("GET", presign("get_object", "obj.txt", expires=604801))
    row("X-Amz-Expires=604801", "400 AuthorizationQueryParametersError", s, b)
    s, b, _ = curl("GET", url.replace("X-Amz-Expires=300", "X-Amz-Expires=-1"))
    row("X-Amz-Expires=-1", "400 AuthorizationQueryParametersError", s, b)
    for label, delta in (("X-Amz-Date 1 h in the future", 3600), ("X-Amz-Date 1 h in the past, expires 2 h", -3600)):
        fake = botocore.auth.get_current_datetime() + __import__("datetime").timedelta(seconds=delta)
        with mock.patch("botocore.auth.get_current_datetime", return_value=fake):
            u = presign("get_object", "obj.txt", expires=7200)
        s, b, _ = curl("GET", u)
        row(label, "200", s, b if s != 200 else b"", "accepted" if s == 200 else "")
    # Date in the credential scope differs from X-Amz-Date.
    s, b, _ = curl("GET", re.sub(r"(X-Amz-Credential=[^&]*?%2F)(\d{8})", lambda m: m.group(1) + "20200101", url))
    row("credential-scope date != X-Amz-Date", "400 AuthorizationQueryParametersError", s, b)

    # --- 3. signed content-type -------------------------------------------
    u = presign("put_object", "typed.png", ContentType="image/png")
    signed = re.search(r"X-Amz-SignedHeaders=([^&]*)", u).group(1)
    s, b, _ = curl("PUT", u, headers=["Content-Type: text/plain"], data=b"png?")
    row(f"PUT signed content-type image/png, sent text/plain (SignedHeaders={signed})",
        "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("PUT", u, headers=["Content-Type: image/png"], data=b"png!")
    row("same URL sent with content-type image/png", "200", s, b)
    s, b, h = curl("HEAD", presign("head_object", "typed.png"))
    ct = re.search(r"(?im)^content-type: (.*)\r$", h)
    row("HEAD typed.png -> stored Content-Type", "200", s, note=f"Content-Type: {ct.group(1) if ct else None}")
    s, b, _ = curl("PUT", u, data=b"png?", extra=["-H", "Content-Type:"])
    row("same URL sent without content-type", "403 SignatureDoesNotMatch", s, b)
    u = presign("put_object", "unsigned-hdr.txt")
    s, b, _ = curl("PUT", u, headers=["x-amz-meta-extra: not-signed"], data=b"x")
    row("PUT with an UNSIGNED x-amz-meta-* header", "403 AccessDenied", s, b,
        "swift >= 2.30.1-0+deb12u3 (OSSA-2026-030); deb12u1 accepted it")
    u = presign("put_object", "meta.txt", Metadata={"color": "blue"})
    signed = re.search(r"X-Amz-SignedHeaders=([^&]*)", u).group(1)
    s, b, _ = curl("PUT", u, data=b"x")
    row(f"PUT presigned with signed x-amz-meta-color, header NOT sent (SignedHeaders={signed})",
        "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("PUT", u, headers=["x-amz-meta-color: red"], data=b"x")
    row("  same, header sent with another value", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("PUT", u, headers=["x-amz-meta-color: blue"], data=b"x")
    row("  same, header sent with the signed value", "200", s, b)
    hd = S3.head_object(Bucket=BUCKET, Key="meta.txt") if s == 200 else {}
    ROWS.append(("  -> stored metadata", "color=blue", str(hd.get("Metadata")), "",
                 "ok" if hd.get("Metadata") == {"color": "blue"} else "FAIL"))

    # --- 4. region / host -------------------------------------------------
    s, b, _ = curl("GET", presign("get_object", "obj.txt", c=client(region="us-east-1")))
    row("signed for region us-east-1 (server expects auto)", "400 AuthorizationQueryParametersError", s, b)
    s, b, _ = curl("GET", presign("get_object", "obj.txt", c=client(region="AUTO")))
    row("signed for region AUTO (upper case)", "400 AuthorizationQueryParametersError", s, b)
    s, b, _ = curl("GET", url, headers=["Host: 127.0.0.1"])
    row("Host header without the port (signed 127.0.0.1:PORT)", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("GET", url, headers=[f"Host: 127.0.0.1:1{PORT}"])
    row("Host header with another port", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("GET", url, headers=[f"Host: localhost:{PORT}"])
    row("Host header localhost:PORT (signed 127.0.0.1:PORT)", "403 SignatureDoesNotMatch", s, b)
    u = presign("get_object", "obj.txt", c=client(endpoint="http://s3.example.test"))
    s, b, _ = curl("GET", u, extra=["--connect-to", f"s3.example.test:80:127.0.0.1:{PORT}"])
    row("signed for http://s3.example.test (Host without port), sent there via --connect-to", "200", s,
        b if s != 200 else b"", "server trusts the Host header as sent")
    u = presign("get_object", "obj.txt", c=client(endpoint=f"http://localhost:{PORT}", style="virtual"))
    s, b, _ = curl("GET", u, extra=["--connect-to", f"{BUCKET}.localhost:{PORT}:127.0.0.1:{PORT}"])
    row(f"virtual-hosted style ({BUCKET}.localhost:{PORT}, storage_domain=localhost)", "200", s,
        b if s != 200 else b"", u.split("?")[0])

    # --- 5. keys ----------------------------------------------------------
    nfc = unicodedata.normalize("NFC", "caf\u00e9/\u00c5ngstr\u00f6m")
    nfd = unicodedata.normalize("NFD", nfc)
    keys = [
        ("space", "with space/and  two"),
        ("plus", "a+b+c"),
        ("percent", "100% sure %41 %2F"),
        ("tilde", "~user/~x"),
        ("equals-ampersand", "k=v&x=y"),
        ("sub-delims", "!*'()"),
        ("misc ascii", "a;b,c:d@e$f[g]h{i}j|k^l`m\"n<o>p#q?r\\s"),
        ("unicode NFC", nfc),
        ("unicode NFD", nfd),
        ("emoji", "\U0001F600/\U0001F469\u200D\U0001F4BB"),
        ("double slash a//b", "a//b"),
        ("leading slash /x", "/leading"),
        ("trailing slash", "dir/"),
        ("dot segments a/./b", "a/./b"),
        ("dot-dot segment a/../b", "a/../b"),
        ("1024 x 'a'", "a" * 1024),
        ("256 x 4-byte emoji (1024 bytes)", "\U0001F600" * 256),
        ("1023 'a' + '/' segments mix", "/".join(["a" * 100] * 10) + "a" * 14),
    ]
    for label, key in keys:
        body = f"body of {label}".encode()
        s, b = put_get(key, body)
        row(f"key {label} ({len(key.encode())} B) PUT+GET", "200", s, b)
    s, b = put_get("a" * 1025, b"x")
    row("key 1025 x 'a'", "400 KeyTooLongError", s, b)
    # Canonical-URI encoding: s3api decodes the path and re-encodes it with
    # quote(safe="-_.~/") before checking, so the *canonical* form must be the
    # AWS one while the *wire* form may vary.
    enc = "/" + BUCKET + "/" + quote("!*'()", safe="-_.~/")
    s, b, _ = curl("GET", manual_presign("GET", enc, enc))
    row("manual signer, RFC 3986 canonical URI (control)", "200", s, b if s != 200 else b"")
    s, b, _ = curl("GET", manual_presign("GET", enc, f"/{BUCKET}/!*'()"))
    row("canonical %21%2A%27%28%29 but sent raw !*'() on the wire", "200", s, b if s != 200 else b"",
        "accepted: wire encoding is not checked, only the canonical form")
    s, b, _ = curl("GET", manual_presign("GET", f"/{BUCKET}/!*'()", f"/{BUCKET}/!*'()"))
    row("canonical URI with raw !*'() (not encoded)", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("GET", manual_presign("GET", quote(enc, safe="/"), enc))
    row("canonical URI double-encoded (%2521...)", "403 SignatureDoesNotMatch", s, b)
    sp = f"/{BUCKET}/with%20space/and%20%20two"
    s, b, _ = curl("GET", manual_presign("GET", f"/{BUCKET}/with+space/and++two", sp))
    row("space signed as '+' in canonical URI", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("GET", manual_presign("GET", f"/{BUCKET}/a%2F%2Fb", f"/{BUCKET}/a//b"))
    row("'/' signed as %2F in canonical URI", "403 SignatureDoesNotMatch", s, b)
    s, b, _ = curl("GET", manual_presign("GET", f"/{BUCKET}/a//b", f"/{BUCKET}/a%2F%2Fb"))
    row("'/' sent as %2F on the wire, canonical '/'", "200", s, b if s != 200 else b"",
        "accepted: %2F on the wire is the same key as '/'")
    s, b, _ = curl("GET", manual_presign("GET", f"/{BUCKET}/a/b", f"/{BUCKET}/a/./../a/b"))
    row("dot segments on the wire not normalised (a/./../a/b vs a/b)", "403 SignatureDoesNotMatch", s, b)
    # NFC and NFD are different keys (no normalisation): each GET returns its own body.
    s1, b1, _ = curl("GET", presign("get_object", nfc))
    s2, b2, _ = curl("GET", presign("get_object", nfd))
    ROWS.append(("NFC and NFD stored as two distinct keys", "distinct", "distinct" if b1 != b2 else "same",
                 "", "ok" if (s1, s2) == (200, 200) and b1 != b2 else "FAIL"))
    listed = {o["Key"] for p in S3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET) for o in p.get("Contents", [])}
    missing = [label for label, key in keys if key not in listed]
    ROWS.append(("ListObjectsV2 returns every key exactly", "all", "all" if not missing else f"missing {missing}",
                 "", "ok" if not missing else "FAIL"))

    print("| case | expected | got | S3 message / note | |")
    print("|---|---|---|---|---|")
    for r in ROWS:
        print("| " + " | ".join(str(x).replace("|", "\\|") for x in r) + " |")
    print(f"\n{len(ROWS) - len(FAILED)} passed, {len(FAILED)} failed ({time.time() - t0:.1f}s)")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
