#!/usr/bin/env bash
# A single-replica OpenStack Swift with the s3api middleware on 127.0.0.1, for the bucket tests and benchmark.
# Installs nothing (Debian: swift-proxy swift-account swift-container swift-object memcached, see .ci/install.sh).
#
#   swift.sh start DIR BASE_PORT   configures DIR and starts proxy (BASE_PORT), account (+1), container (+2),
#                                  object (+3) servers and memcached (+4); waits for GET /healthcheck.
#                                  Idempotent: a Swift already answering from DIR is left as it is.
#   swift.sh stop DIR              stops what `start` started in DIR (by the pids it recorded).
#
# S3 credentials: access key `flux:tester`, secret `s3cret`, region us-east-1, path-style addressing.
# The servers also read /etc/swift/swift.conf (a fixed path: the hash prefix and suffix); Debian's package ships it.
set -euo pipefail

command_name="${1:-}"
dir="${2:-}"
[ -n "$command_name" ] && [ -n "$dir" ] || { echo "usage: swift.sh start DIR BASE_PORT | stop DIR" >&2; exit 2; }

stop() {
  [ -d "$dir/run" ] || return 0
  for pidfile in "$dir"/run/*.pid; do
    [ -e "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

if [ "$command_name" = stop ]; then
  stop
  exit 0
fi
[ "$command_name" = start ] || { echo "unknown command '$command_name'" >&2; exit 2; }

base="${3:?BASE_PORT is required}"
proxy_port=$base account_port=$((base + 1)) container_port=$((base + 2)) object_port=$((base + 3)) memcached_port=$((base + 4))

for binary in swift-proxy-server swift-account-server swift-container-server swift-object-server swift-ring-builder memcached; do
  command -v "$binary" >/dev/null || { echo "$binary not installed: run .ci/install.sh" >&2; exit 3; }
done
[ -f /etc/swift/swift.conf ] || { echo "/etc/swift/swift.conf is missing (it comes with Debian's swift package)" >&2; exit 3; }

healthy() { # python3 comes with Swift; curl may not be installed
  # The proxy's /healthcheck answers before the account, container and object servers listen, so a fresh Swift on
  # a loaded machine can still refuse the first bucket. Ready means a whole round trip through tempauth and the
  # three servers works: create a container and an object, then remove both.
  python3 - "$proxy_port" <<'PY' 2>/dev/null
import sys, urllib.parse, urllib.request

base = "http://127.0.0.1:" + sys.argv[1]

def call(method, path, headers=None, data=None):
    request = urllib.request.Request(base + path, method=method, headers=headers or {}, data=data)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.headers, response.read()

_, body = call("GET", "/healthcheck")
if body != b"OK":
    sys.exit(1)
headers, _ = call("GET", "/auth/v1.0", {"X-Storage-User": "flux:tester", "X-Storage-Pass": "s3cret"})
auth = {"X-Auth-Token": headers["X-Auth-Token"]}
container = urllib.parse.urlsplit(headers["X-Storage-Url"]).path + "/gitops-swift-ready"
call("PUT", container, auth)
call("PUT", container + "/probe", auth, b"ready")
call("DELETE", container + "/probe", auth)
call("DELETE", container, auth)
PY
}
if [ -f "$dir/run/proxy.pid" ] && kill -0 "$(cat "$dir/run/proxy.pid")" 2>/dev/null && healthy; then
  exit 0
fi
stop

mkdir -p "$dir/run" "$dir/log" "$dir/devices/d1"
chmod 755 "$dir" # a temp dir is 0700; the servers drop to the swift user
user="$(id -un)"
if [ "$(id -u)" = 0 ] && id swift >/dev/null 2>&1 && runuser -u swift -- test -x "$dir" 2>/dev/null; then
  user=swift # the servers drop to it; where it cannot reach DIR (a parent is 0700) they stay root
fi
chown -R "$user" "$dir/devices" "$dir/run"

# Rings: 2^2 partitions, one replica, one device per server.
if [ ! -f "$dir/object.ring.gz" ] || [ "$(cat "$dir/ports" 2>/dev/null)" != "$base" ]; then
  rm -f "$dir"/*.builder "$dir"/*.ring.gz
  for kind in account:$account_port container:$container_port object:$object_port; do
    name="${kind%%:*}" port="${kind##*:}"
    swift-ring-builder "$dir/$name.builder" create 2 1 1 >/dev/null
    swift-ring-builder "$dir/$name.builder" add "r1z1-127.0.0.1:$port/d1" 100 >/dev/null
    swift-ring-builder "$dir/$name.builder" rebalance >/dev/null || true
  done
  echo "$base" > "$dir/ports"
fi

common() {
  cat <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $1
swift_dir = $dir
devices = $dir/devices
mount_check = false
user = $user
workers = 1
log_name = $2
log_level = WARNING
CONF
}

for kind in account:$account_port container:$container_port object:$object_port; do
  name="${kind%%:*}" port="${kind##*:}"
  {
    common "$port" "$name-server"
    cat <<CONF

[pipeline:main]
pipeline = $name-server

[app:$name-server]
use = egg:swift#$name
CONF
    [ "$name" = container ] && printf '\n[container-sync]\n'
    [ "$name" = object ] && printf '\n[object-replicator]\n'
  } > "$dir/$name-server.conf"
done

{
  common "$proxy_port" proxy-server
  cat <<CONF

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
# Patient with backends on a loaded 2-core machine (defaults: 0.5 s to connect, 10 s to answer).
conn_timeout = 5
node_timeout = 60
recoverable_node_timeout = 60

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$memcached_port

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:s3api]
use = egg:swift#s3api
location = us-east-1

[filter:tempauth]
use = egg:swift#tempauth
user_flux_tester = s3cret .admin

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo
CONF
} > "$dir/proxy-server.conf"

start_daemon() { # name, command...
  local name="$1"
  shift
  setsid "$@" >"$dir/log/$name.log" 2>&1 < /dev/null &
  echo $! > "$dir/run/$name.pid"
}

memcached_user=()
[ "$(id -u)" = 0 ] && memcached_user=(-u "$user")
start_daemon memcached memcached -l 127.0.0.1 -p "$memcached_port" -U 0 "${memcached_user[@]}"
start_daemon account swift-account-server "$dir/account-server.conf"
start_daemon container swift-container-server "$dir/container-server.conf"
start_daemon object swift-object-server "$dir/object-server.conf"
start_daemon proxy swift-proxy-server "$dir/proxy-server.conf"

deadline=$((SECONDS + ${SWIFT_START_TIMEOUT:-120})) # a loaded 2-core CI machine can take a while
while [ "$SECONDS" -lt "$deadline" ]; do
  if healthy; then
    exit 0
  fi
  if ! kill -0 "$(cat "$dir/run/proxy.pid")" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
echo "Swift did not become healthy on 127.0.0.1:$proxy_port; logs in $dir/log:" >&2
tail -n 20 "$dir"/log/*.log >&2 || true
stop
exit 1
