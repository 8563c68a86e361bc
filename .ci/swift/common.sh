# shellcheck shell=bash
# Shared settings for .ci/swift/{install,start,stop}.sh. Source it; do not run it.
#
# Every setting can be overridden from the environment:
#   SWIFT_S3_DIR             storage, logs and pid files   (default /srv/swift-s3)
#   SWIFT_S3_PORT            S3/Swift proxy port            (default 8080)
#   SWIFT_S3_OBJECT_PORT     object server port             (default 6200)
#   SWIFT_S3_CONTAINER_PORT  container server port          (default 6201)
#   SWIFT_S3_ACCOUNT_PORT    account server port            (default 6202)
#   SWIFT_S3_MEMCACHED_PORT  memcached port                 (default 11211)
#   SWIFT_S3_USER            user the servers drop to       (default swift, else root)
#   SWIFT_S3_START_TIMEOUT   seconds start.sh waits          (default 60)
# Everything binds to 127.0.0.1 only. Swift reads /etc/swift/swift.conf from a
# hard-coded path, so the configs and rings live in /etc/swift (SWIFT_S3_ETC).

SWIFT_S3_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${SWIFT_S3_DIR:=/srv/swift-s3}"
: "${SWIFT_S3_PORT:=8080}"
: "${SWIFT_S3_OBJECT_PORT:=6200}"
: "${SWIFT_S3_CONTAINER_PORT:=6201}"
: "${SWIFT_S3_ACCOUNT_PORT:=6202}"
: "${SWIFT_S3_MEMCACHED_PORT:=11211}"
: "${SWIFT_S3_START_TIMEOUT:=60}"
: "${SWIFT_S3_ETC:=/etc/swift}"
# The Debian package creates the "swift" user; before it is installed, root.
swift_s3_pick_user() {
  if [ -z "${SWIFT_S3_USER:-}" ]; then
    if id swift >/dev/null 2>&1; then SWIFT_S3_USER=swift; else SWIFT_S3_USER=root; fi
  fi
}
SWIFT_S3_BIND=127.0.0.1
SWIFT_S3_LOG="$SWIFT_S3_DIR/log"
SWIFT_S3_RUN="$SWIFT_S3_DIR/run"
SWIFT_S3_DEVICES="$SWIFT_S3_DIR/node"
# shellcheck disable=SC2034  # used by start.sh and s3curl.sh
SWIFT_S3_ENDPOINT="http://$SWIFT_S3_BIND:$SWIFT_S3_PORT"

swift_s3_log() { echo "[swift-s3] $*" >&2; }

# Render one template from this directory into $SWIFT_S3_ETC.
swift_s3_render() {
  local name="$1"
  sed -e "s|@DIR@|$SWIFT_S3_DIR|g" \
      -e "s|@ETC@|$SWIFT_S3_ETC|g" \
      -e "s|@BIND@|$SWIFT_S3_BIND|g" \
      -e "s|@USER@|$SWIFT_S3_USER|g" \
      -e "s|@PROXY_PORT@|$SWIFT_S3_PORT|g" \
      -e "s|@OBJECT_PORT@|$SWIFT_S3_OBJECT_PORT|g" \
      -e "s|@CONTAINER_PORT@|$SWIFT_S3_CONTAINER_PORT|g" \
      -e "s|@ACCOUNT_PORT@|$SWIFT_S3_ACCOUNT_PORT|g" \
      -e "s|@MEMCACHED_PORT@|$SWIFT_S3_MEMCACHED_PORT|g" \
      "$SWIFT_S3_HERE/$name" > "$SWIFT_S3_ETC/$name.tmp"
  mv -f "$SWIFT_S3_ETC/$name.tmp" "$SWIFT_S3_ETC/$name"
}

# Write configs, storage dirs and (if the ports/dir changed or they are missing) rings.
# Idempotent; takes well under a second when nothing changed.
swift_s3_configure() {
  swift_s3_pick_user
  mkdir -p "$SWIFT_S3_ETC" "$SWIFT_S3_LOG" "$SWIFT_S3_RUN" "$SWIFT_S3_DEVICES/d1" "$SWIFT_S3_DIR/cache"
  local f
  for f in swift.conf proxy-server.conf account-server.conf container-server.conf object-server.conf; do
    swift_s3_render "$f"
  done
  chown -R "$SWIFT_S3_USER:" "$SWIFT_S3_DEVICES" "$SWIFT_S3_DIR/cache"

  local stamp="$SWIFT_S3_ETC/.r2-presign-ci-rings"
  local want="dir=$SWIFT_S3_DIR obj=$SWIFT_S3_OBJECT_PORT cont=$SWIFT_S3_CONTAINER_PORT acct=$SWIFT_S3_ACCOUNT_PORT"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
     [ -f "$SWIFT_S3_ETC/account.ring.gz" ] && [ -f "$SWIFT_S3_ETC/container.ring.gz" ] &&
     [ -f "$SWIFT_S3_ETC/object.ring.gz" ]; then
    return 0
  fi
  swift_s3_log "building rings ($want)"
  local ring port
  for ring in account container object; do
    case "$ring" in
      account) port=$SWIFT_S3_ACCOUNT_PORT ;;
      container) port=$SWIFT_S3_CONTAINER_PORT ;;
      object) port=$SWIFT_S3_OBJECT_PORT ;;
    esac
    rm -f "$SWIFT_S3_ETC/$ring.builder" "$SWIFT_S3_ETC/$ring.ring.gz"
    # part_power 6, 1 replica, min_part_hours 1: one device, no replication.
    swift-ring-builder "$SWIFT_S3_ETC/$ring.builder" create 6 1 1 >/dev/null
    swift-ring-builder "$SWIFT_S3_ETC/$ring.builder" add \
      --region 1 --zone 1 --ip "$SWIFT_S3_BIND" --port "$port" --device d1 --weight 100 >/dev/null
    # rebalance exits 1 on warnings (e.g. "balance is off"); only >1 is an error.
    swift-ring-builder "$SWIFT_S3_ETC/$ring.builder" rebalance >/dev/null || [ $? -eq 1 ]
    [ -f "$SWIFT_S3_ETC/$ring.ring.gz" ] || { swift_s3_log "ring $ring not built"; return 1; }
  done
  echo "$want" > "$stamp"
}

# pid of a running process we started, or nothing (exit 1). The pid must still
# be the same program (a stale pid file after a reboot may name another one).
swift_s3_pid() {
  local name="$1" pidfile="$SWIFT_S3_RUN/$1.pid" pid want
  [ -f "$pidfile" ] || return 1
  pid="$(cat "$pidfile")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  case "$name" in memcached) want=memcached ;; *) want="swift-$name-server" ;; esac
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$want" || return 1
  echo "$pid"
}
