#!/usr/bin/env bash
# gitops artifact fetch  vs  curl -s URL | tee >(sha256sum) | tar xz, on the same artifact in one run.
#
#   bash benchmarks/compare/fetch-vs-shell.sh            # 50 and 200 MiB of YAML
#   SIZES="200" bash benchmarks/compare/fetch-vs-shell.sh
#
# For each size: generates a deterministic tree of real-looking Kubernetes YAML, packs it with
# `gitops artifact pack`, serves the tar.gz from 127.0.0.1 (python3 -m http.server, ephemeral port), then
# times both consumers (best of RUNS, default 3, alternating) and prints the ratio (ours / shell) and our
# peak RSS. Needs curl, python3, GNU time (installed from Debian if absent). Goal: ratio <= 1.1 and RSS
# < 64 MiB whatever the size. Work files go to BENCH_DIR (default: /dev/shm when it exists, so that both
# sides are timed against memory rather than a disk's writeback); the CLI is published to its own folder.
. "$(dirname "$0")/lib.sh"

sizes="${SIZES:-50 200}"
runs="${RUNS:-3}"
base="${BENCH_DIR:-$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp )}"
work="$(mktemp -d "$base/gitops-fetch-bench.XXXXXX")"
export COMPARE_CLI_DIR="${COMPARE_CLI_DIR:-$(mktemp -d /tmp/gitops-fetch-cli.XXXXXX)}"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work" "$COMPARE_CLI_DIR"
}
trap cleanup EXIT

ensure_gnu_time
command -v curl >/dev/null || apt-get install -y -qq curl >/dev/null
build_cli

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p "$work/www"
(cd "$work/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

printf 'machine: %s cores, %s; %s; load average %s; work in %s\n' "$(nproc)" "$(uname -sr)" \
  "$(dotnet --version | sed 's/^/.NET SDK /')" "$(cut -d' ' -f1-3 /proc/loadavg)" "$base"
for size in $sizes; do
  tree="$work/tree-$size"
  python3 "$(dirname "$0")/fetch-gen-yaml.py" "$tree" "$size"
  "$GITOPS" artifact pack "$tree" --output "$work/www/app-$size.tar.gz" >"$work/pack.txt"
  digest="$(awk '/^digest:/ { print $2 }' "$work/pack.txt")"
  bytes="$(awk '/^size:/ { print $2 }' "$work/pack.txt")"
  extracted="$(du -sb --apparent-size "$tree" | cut -f1)"
  url="http://127.0.0.1:$port/app-$size.tar.gz"
  echo "== ${size} MiB of YAML: artifact ${bytes} bytes (${digest}), tree ${extracted} bytes"
  limit=$((extracted * 2 + 1048576))

  best_ours=""; best_shell=""; rss_ours=""; cpu_ours=""; cpu_shell=""
  for run in $(seq "$runs"); do
    rm -rf "$work/out-ours" "$work/out-shell"; mkdir -p "$work/out-shell"
    measure "gitops artifact fetch #$run" "$GITOPS" artifact fetch "$url" --digest "$digest" --dest "$work/out-ours" \
      --max-download-bytes "$limit" --max-extracted-bytes "$limit" --max-file-bytes "$limit" --max-entries 10000000
    if [ -z "$best_ours" ] || awk -v a="$MEASURE_WALL" -v b="$best_ours" 'BEGIN { exit !(a < b) }'; then best_ours="$MEASURE_WALL"; fi
    if [ -z "$cpu_ours" ] || awk -v a="$MEASURE_CPU" -v b="$cpu_ours" 'BEGIN { exit !(a < b) }'; then cpu_ours="$MEASURE_CPU"; fi
    if [ -z "$rss_ours" ] || awk -v a="$MEASURE_RSS_MIB" -v b="$rss_ours" 'BEGIN { exit !(a > b) }'; then rss_ours="$MEASURE_RSS_MIB"; fi
    measure "curl|tee(sha256sum)|tar xz #$run" bash -c "curl -s '$url' | tee >(sha256sum > '$work/shell.sum') | tar xz -C '$work/out-shell'"
    if [ -z "$best_shell" ] || awk -v a="$MEASURE_WALL" -v b="$best_shell" 'BEGIN { exit !(a < b) }'; then best_shell="$MEASURE_WALL"; fi
    if [ -z "$cpu_shell" ] || awk -v a="$MEASURE_CPU" -v b="$cpu_shell" 'BEGIN { exit !(a < b) }'; then cpu_shell="$MEASURE_CPU"; fi
  done
  # Both must have produced the same tree.
  diff -rq "$work/out-ours" "$work/out-shell" >/dev/null || { echo "the two extractions differ"; exit 1; }
  printf 'result %s MiB: wall ours %ss, shell %ss, ratio %s (goal <= 1.10); cpu ours %ss, shell %ss, ratio %s; our peak RSS %s MiB (goal < 64)\n' \
    "$size" "$best_ours" "$best_shell" "$(ratio "$best_ours" "$best_shell")" "$cpu_ours" "$cpu_shell" "$(ratio "$cpu_ours" "$cpu_shell")" "$rss_ours"
  rm -rf "$tree" "$work/out-ours" "$work/out-shell" "$work/www/app-$size.tar.gz"
done
