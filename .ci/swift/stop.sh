#!/usr/bin/env bash
# Stop the servers started by .ci/swift/start.sh (by their recorded pids only).
# Idempotent: succeeds when nothing is running. Data is kept; pass --wipe to
# also delete the stored buckets/objects.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

stopped=""
for name in proxy object container account memcached; do
  if pid="$(swift_s3_pid "$name")"; then
    # Each server runs in its own session (setsid); on SIGTERM the Swift
    # parent also terminates its workers (killpg of its own group).
    kill -TERM "$pid" 2>/dev/null || true
    stopped="$stopped $name:$pid"
  fi
done
for name in proxy object container account memcached; do
  if pid="$(swift_s3_pid "$name")"; then
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      swift_s3_log "$name ($pid) ignored SIGTERM; sending SIGKILL to its process group"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$SWIFT_S3_RUN/$name.pid" "$SWIFT_S3_RUN/$name.port"
done
swift_s3_log "stopped:${stopped:- nothing was running}"

if [ "${1:-}" = "--wipe" ]; then
  swift_s3_pick_user
  rm -rf "${SWIFT_S3_DEVICES:?}/d1" && mkdir -p "$SWIFT_S3_DEVICES/d1" && chown "$SWIFT_S3_USER:" "$SWIFT_S3_DEVICES/d1"
  swift_s3_log "wiped $SWIFT_S3_DEVICES/d1"
fi
