#!/usr/bin/env python3
"""Medians and ratios from the last `cargo bench -p r2-presign --bench presign` run.

Reads criterion's estimates under target/criterion/ and prints, per request, each case's
median and the ratios the signer issue sets targets for. Run it from the workspace root.
"""
import json
import os
import sys

ROOT = os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "criterion")


def median(group, name):
    path = os.path.join(ROOT, group, name, "new", "estimates.json")
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"]
    except FileNotFoundError:
        return None


def main():
    found = False
    for group, label in [("get", "GET, R2 account endpoint"), ("put_content_type", "PUT with signed content-type")]:
        cases = ["r2-presign", "r2-presign (cold key)", "rusty-s3", "crypto floor", "crypto floor (pre-keyed)"]
        m = {c: median(group, c) for c in cases}
        if m["r2-presign"] is None:
            continue
        found = True
        print(f"{label}")
        for c in cases:
            if m[c] is not None:
                print(f"  {c:26} {m[c]:8.0f} ns")
        warm, cold, rusty = m["r2-presign"], m["r2-presign (cold key)"], m["rusty-s3"]
        floor, prekeyed = m["crypto floor"], m["crypto floor (pre-keyed)"]
        print(f"  rusty-s3 / r2-presign (cached key)  {rusty / warm:5.2f}x   (target >= 8)")
        print(f"  rusty-s3 / r2-presign (cold key)    {rusty / cold:5.2f}x   (target >= 3)")
        print(f"  r2-presign / crypto floor           {warm / floor:5.2f}x   (target <= 1.25)")
        print(f"  r2-presign / pre-keyed floor        {warm / prekeyed:5.2f}x")
        print(f"  rusty-s3 / crypto floor             {rusty / floor:5.2f}x")
    derived, by_hand = median("derive_put_two_placeholders", "derived"), median("derive_put_two_placeholders", "by hand")
    if derived and by_hand:
        found = True
        print("derive, PUT with two placeholders")
        print(f"  derived {derived:.0f} ns, by hand {by_hand:.0f} ns: {derived / by_hand:.3f}x   (target <= 1.10)")
    if not found:
        sys.exit("no criterion results: run `cargo bench -p r2-presign --bench presign` first")


if __name__ == "__main__":
    main()
