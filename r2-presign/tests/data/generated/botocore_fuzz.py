"""Presigned-URL vectors with hostile inputs, produced by botocore (an independent oracle).

Keys mix control characters, reserved ASCII, NFC/NFD, emoji, CJK, Unicode whitespace and
zero-width characters; secrets hold `+/=`; header values hold tabs and runs of spaces;
metadata names hold token characters that the query percent-encodes (`*`, `%`, `'`, ...);
signing times span 2026-2035. botocore signs each request (clock frozen) and its own
canonical request and string to sign are recorded, in the schema of ../vectors/README.md.

    python3 botocore_fuzz.py SEED COUNT OUT.jsonl     # botocore 1.43.11

botocore-fuzz.jsonl here is `python3 botocore_fuzz.py 2026 150 botocore-fuzz.jsonl` (requests
botocore itself refuses, such as non-ASCII metadata, are skipped, so it holds 146).
"""
import json, random, datetime, sys
from unittest import mock
import botocore.session, botocore.auth
from botocore.config import Config

random.seed(int(sys.argv[1]))
# A second stream for header names with token characters that are percent-encoded in the
# query (`*`, `%`, `'`, ...), so that adding them left the first stream's draws unchanged.
names = random.Random(int(sys.argv[1]) + 1)
sess = botocore.session.get_session()

def rand_key():
    pools = [
        "abcXYZ019-._~", " +%&=?#!*'()[]{}|\\^`\"<>:@$,;", "\t\x01\x7f", "éüßñ", "e\u0301", "😀🚀", "中文字", "/",
        "\u00a0\u3000\u2028", "\ufeff\u200b", "\U0001F9D1\u200D\U0001F4BB",
    ]
    n = random.randint(1, 60)
    s = "".join(random.choice(random.choice(pools)) for _ in range(n))
    return s

def rand_secret():
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
    return "".join(random.choice(alphabet) for _ in range(random.choice([40, 64])))

cases = []
for i in range(int(sys.argv[2])):
    acct = "%032x" % random.getrandbits(128)
    ak = "".join(random.choice("0123456789abcdef") for _ in range(32))
    sk = rand_secret()
    token = rand_secret() + "+/=" if random.random() < 0.3 else None
    style = random.choice(["path", "virtual"])
    bucket = random.choice(["abc", "my-bucket", "b" * 63, "x-1-y"])
    key = rand_key()
    op = random.choice(["get_object", "head_object", "put_object", "delete_object"])
    params = {"Bucket": bucket, "Key": key}
    if op == "put_object":
        if random.random() < 0.5:
            params["ContentType"] = random.choice(["image/png", "  text/plain;  charset=utf-8 ", "a\tb", "application/x-é"])
        if random.random() < 0.3:
            params["ContentLength"] = random.randint(0, 10**12)
        if random.random() < 0.5:
            params["Metadata"] = {random.choice(["Author", "x", "CamelCase"]): random.choice(["v", "  spaced   out  ", "tab\there", "ünï", "nb\u00a0sp", "a  b\t\tc"])}
        if random.random() < 0.2:
            params["CacheControl"] = "max-age=60,  public"
        if names.random() < 0.4:
            params.setdefault("Metadata", {})[names.choice(["a*b", "q%r", "it's", "x!y", "a^b`c|d~e", "p+q", "h&s", "#1", "$v"])] = "1"
    if op == "get_object" and random.random() < 0.4:
        params["ResponseContentDisposition"] = random.choice(['attachment; filename="r é.pdf"', "inline", "a+b=c&d"])
    if op == "get_object" and random.random() < 0.3:
        params["ResponseContentType"] = "text/plain; charset=utf-8"
    expires = random.choice([1, 60, 3600, 604800])
    dt = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=random.randint(0, 3 * 10**8))
    region = "auto"
    client = sess.create_client("s3", region_name=region, endpoint_url=f"https://{acct}.r2.cloudflarestorage.com",
        aws_access_key_id=ak, aws_secret_access_key=sk, aws_session_token=token,
        config=Config(signature_version="s3v4", s3={"addressing_style": style}))
    rec = {}
    orig_cr = botocore.auth.SigV4Auth.canonical_request
    orig_sts = botocore.auth.SigV4Auth.string_to_sign
    orig_hdrs = botocore.auth.SigV4Auth.headers_to_sign
    def cr(self, request):
        r = orig_cr(self, request); rec["cr"] = r; return r
    def sts(self, request, canonical_request):
        r = orig_sts(self, request, canonical_request); rec["sts"] = r; return r
    def hts(self, request):
        r = orig_hdrs(self, request); rec["hdrs"] = {k: v for k, v in r.items()}; return r
    with mock.patch.object(botocore.auth.SigV4Auth, "canonical_request", cr), \
         mock.patch.object(botocore.auth.SigV4Auth, "string_to_sign", sts), \
         mock.patch.object(botocore.auth.SigV4Auth, "headers_to_sign", hts), \
         mock.patch("botocore.auth.get_current_datetime", return_value=dt.replace(tzinfo=None)):
        try:
            url = client.generate_presigned_url(op, Params=params, ExpiresIn=expires)
        except Exception as e:
            print("skip", repr(e), file=sys.stderr); continue
    from urllib.parse import urlsplit, unquote
    u = urlsplit(url)
    qp = [(unquote(a), unquote(b)) for a, b in (p.split("=", 1) for p in u.query.split("&"))]
    auth = {"X-Amz-Algorithm","X-Amz-Credential","X-Amz-Date","X-Amz-Expires","X-Amz-SignedHeaders","X-Amz-Signature","X-Amz-Security-Token"}
    shv = {}
    for k, v in rec["hdrs"].items():
        shv[k.lower()] = v
    method = {"get_object":"GET","head_object":"HEAD","put_object":"PUT","delete_object":"DELETE"}[op]
    amz = dt.strftime("%Y%m%dT%H%M%SZ")
    cases.append({
        "id": f"gen-{i:04d}", "access_key_id": ak, "secret_access_key": sk, "session_token": token,
        "account_id": acct, "endpoint": f"https://{acct}.r2.cloudflarestorage.com", "region": region, "service": "s3",
        "bucket": bucket, "key": key, "key_utf8_hex": key.encode().hex(), "style": style, "method": method,
        "expires_in": expires, "amz_date": amz, "signed_header_values": shv,
        "extra_query_params": [[a, b] for a, b in qp if a not in auth],
        "url": url, "signature": dict(qp)["X-Amz-Signature"], "canonical_request": rec["cr"], "string_to_sign": rec["sts"],
    })
with open(sys.argv[3], "w") as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=True) + "\n")
print(len(cases), "written", file=sys.stderr)
