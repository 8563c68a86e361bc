#!/usr/bin/env bash
# Install OpenStack Swift + s3api (Debian packages), write the configs into
# /etc/swift and build the account/container/object rings. Idempotent: a
# second run skips apt and only re-renders configs (rings are rebuilt only if
# the storage dir or backend ports changed). Settings: see common.sh.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

PKGS="swift swift-proxy swift-object swift-container swift-account memcached curl openssl"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  swift_s3_log "apt-get install:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
else
  swift_s3_log "packages already installed"
fi

# Keep the Debian sample configs once, for reference.
if [ -f "$SWIFT_S3_ETC/proxy-server.conf" ] && [ ! -d "$SWIFT_S3_ETC/debian-orig" ] &&
   ! grep -q "r2-presign\|\.ci/swift" "$SWIFT_S3_ETC/proxy-server.conf"; then
  mkdir -p "$SWIFT_S3_ETC/debian-orig"
  cp -a "$SWIFT_S3_ETC"/*.conf "$SWIFT_S3_ETC/debian-orig/" 2>/dev/null || true
fi

swift_s3_configure
swift_s3_log "installed; configs in $SWIFT_S3_ETC, data in $SWIFT_S3_DIR; run .ci/swift/start.sh"
