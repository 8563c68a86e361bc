#!/usr/bin/env bash
# Start memcached and the Swift account/container/object/proxy servers in the
# background (verbose, logs in $SWIFT_S3_DIR/log/<name>.log), then wait until
# every server answers. Exits non-zero and prints the logs if that takes longer
# than $SWIFT_S3_START_TIMEOUT seconds. Idempotent: servers that are already
# running (per their pid file) are left alone. Settings: see common.sh.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

if ! command -v swift-proxy-server >/dev/null || ! command -v memcached >/dev/null; then
  swift_s3_log "Swift is not installed: run .ci/swift/install.sh first"
  exit 1
fi

port_open() { (exec 3<>"/dev/tcp/$SWIFT_S3_BIND/$1") 2>/dev/null; }

port_of() {
  case "$1" in
    memcached) echo "$SWIFT_S3_MEMCACHED_PORT" ;;
    account) echo "$SWIFT_S3_ACCOUNT_PORT" ;;
    container) echo "$SWIFT_S3_CONTAINER_PORT" ;;
    object) echo "$SWIFT_S3_OBJECT_PORT" ;;
    proxy) echo "$SWIFT_S3_PORT" ;;
  esac
}

launch() {  # name command...
  local name="$1"; shift
  local log="$SWIFT_S3_LOG/$name.log"
  echo "===== $(date -u +%FT%TZ) start: $*" >> "$log"
  # setsid: own session/process group, so the Swift parent's killpg on
  # SIGTERM only reaches its own workers. stdin from /dev/null so CI's
  # closed stdin does not matter.
  setsid "$@" >> "$log" 2>&1 < /dev/null &
  echo $! > "$SWIFT_S3_RUN/$name.pid"
  port_of "$name" > "$SWIFT_S3_RUN/$name.port"
}

already_running() {  # name -> 0 if our process for it is alive
  local pid
  pid="$(swift_s3_pid "$1")" || return 1
  swift_s3_log "$1 already running (pid $pid, port $(port_of "$1"))"
}

# Refuse (before touching the configs) if a server is running on other ports.
for name in memcached account container object proxy; do
  if pid="$(swift_s3_pid "$name")"; then
    was="$(cat "$SWIFT_S3_RUN/$name.port" 2>/dev/null || true)"
    if [ -n "$was" ] && [ "$was" != "$(port_of "$name")" ]; then
      swift_s3_log "$name is running (pid $pid) on port $was, not $(port_of "$name"): run .ci/swift/stop.sh first"
      exit 1
    fi
  fi
done
# Re-render configs (cheap) so env overrides such as SWIFT_S3_PORT apply.
swift_s3_configure

# memcached: tempauth stores tokens in it and refuses to work without it.
if already_running memcached; then
  :
elif port_open "$SWIFT_S3_MEMCACHED_PORT"; then
  swift_s3_log "something already listens on memcached port $SWIFT_S3_MEMCACHED_PORT; using it"
else
  mc_user=root
  id memcache >/dev/null 2>&1 && mc_user=memcache
  launch memcached memcached -u "$mc_user" -l "$SWIFT_S3_BIND" -p "$SWIFT_S3_MEMCACHED_PORT" -U 0 -m 64 -v
fi

for name in account container object proxy; do
  if already_running "$name"; then
    continue
  fi
  port="$(port_of "$name")"
  if port_open "$port"; then
    swift_s3_log "port $port for $name is already in use by another process"
    exit 1
  fi
  launch "$name" "swift-$name-server" "$SWIFT_S3_ETC/$name-server.conf" -v
done

dump_logs() {
  local f
  for f in "$SWIFT_S3_LOG"/*.log; do
    [ -f "$f" ] || continue
    echo "----- $f (last 60 lines)" >&2
    tail -n 60 "$f" | cut -c1-400 >&2
  done
}

start=$(date +%s)
ready=""
while :; do
  ready=yes
  port_open "$SWIFT_S3_MEMCACHED_PORT" || ready=""
  for name in account container object proxy; do
    [ -n "$ready" ] || break
    curl -fsS -o /dev/null --max-time 2 "http://$SWIFT_S3_BIND:$(port_of "$name")/healthcheck" 2>/dev/null || ready=""
  done
  if [ -n "$ready" ]; then
    # End to end: a signed S3 ListBuckets (s3api -> tempauth -> account server).
    body="$("$SWIFT_S3_HERE/s3curl.sh" GET / --max-time 5 2>/dev/null || true)"
    case "$body" in *"<ListAllMyBucketsResult"*) break ;; *) ready="" ;; esac
  fi
  for name in memcached account container object proxy; do
    if [ -f "$SWIFT_S3_RUN/$name.pid" ] && ! swift_s3_pid "$name" >/dev/null; then
      swift_s3_log "$name exited during startup"
      dump_logs; exit 1
    fi
  done
  if [ $(( $(date +%s) - start )) -ge "$SWIFT_S3_START_TIMEOUT" ]; then
    swift_s3_log "Swift did not come up within ${SWIFT_S3_START_TIMEOUT}s"
    dump_logs; exit 1
  fi
  sleep 0.2
done
swift_s3_log "up in $(( $(date +%s) - start ))s: S3 endpoint $SWIFT_S3_ENDPOINT region auto key test:tester secret testing (logs: $SWIFT_S3_LOG)"
