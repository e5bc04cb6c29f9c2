#!/usr/bin/env bash
# gitops oci pull  vs  curl BLOB_URL | tee >(sha256sum) | tar xz, on the same Flux artifact in one run.
#
#   bash benchmarks/compare/oci-pull.sh             # 200 MiB of YAML
#   SIZES="50 200" RUNS=3 bash benchmarks/compare/oci-pull.sh
#
# For each size: generates a deterministic tree of real-looking Kubernetes YAML, pushes it as a Flux OCI
# artifact with `gitops oci push` to Debian's docker-registry on a free port of 127.0.0.1 (storage in the
# work directory), then times both consumers (best of RUNS, default 3, alternating): ours resolves the tag,
# fetches and verifies the manifest, and streams the layer through SHA-256, gunzip and tar into a staging
# directory swapped into place; the shell side fetches the same layer blob directly (no manifest) and
# hashes and untars it. Prints the ratio (ours / shell) and our peak RSS. Goal: ratio <= 1.1, RSS < 64 MiB.
# Needs docker-registry, curl, python3, GNU time. Work files go to BENCH_DIR (default /dev/shm).
. "$(dirname "$0")/lib.sh"

sizes="${SIZES:-200}"
runs="${RUNS:-3}"
base="${BENCH_DIR:-$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp )}"
work="$(mktemp -d "$base/gitops-oci-bench.XXXXXX")"
export COMPARE_CLI_DIR="${COMPARE_CLI_DIR:-$(mktemp -d /tmp/gitops-oci-cli.XXXXXX)}"
registry_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
  rm -rf "$work" "$COMPARE_CLI_DIR"
}
trap cleanup EXIT

ensure_gnu_time
command -v curl >/dev/null || apt-get install -y -qq curl >/dev/null
command -v docker-registry >/dev/null || apt-get install -y -qq docker-registry >/dev/null
build_cli

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >"$work/registry.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$port
YAML
docker-registry serve "$work/registry.yml" >/dev/null 2>&1 &
registry_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/v2/" && break; sleep 0.1; done

printf 'machine: %s cores, %s; %s; CLI %s; load average %s; work in %s\n' "$(nproc)" "$(uname -sr)" \
  "$(dotnet --version | sed 's/^/.NET SDK /')" "$GITOPS_FLAVOR" "$(cut -d' ' -f1-3 /proc/loadavg)" "$base"
for size in $sizes; do
  tree="$work/tree-$size"
  python3 "$(dirname "$0")/fetch-gen-yaml.py" "$tree" "$size"
  ref="oci://127.0.0.1:$port/bench/app-$size:1.0.0"
  "$GITOPS" oci push "$tree" "$ref" --plain-http >"$work/push.txt"
  layer="$(awk '/^layer:/ { print $2 }' "$work/push.txt")"
  bytes="$(awk '/^layer:/ { gsub(/\(/, "", $3); print $3 }' "$work/push.txt")"
  extracted="$(du -sb --apparent-size "$tree" | cut -f1)"
  blob="http://127.0.0.1:$port/v2/bench/app-$size/blobs/$layer"
  echo "== ${size} MiB of YAML: layer ${bytes} bytes (${layer}), tree ${extracted} bytes"
  limit=$((extracted * 2 + 1048576))

  best_ours=""; best_shell=""; rss_ours=""; cpu_ours=""; cpu_shell=""
  for run in $(seq "$runs"); do
    rm -rf "$work/out-ours" "$work/out-shell"; mkdir -p "$work/out-shell"
    measure "gitops oci pull #$run" "$GITOPS" oci pull "$ref" --dest "$work/out-ours" --plain-http \
      --max-blob-bytes "$limit" --max-extracted-bytes "$limit" --max-file-bytes "$limit" --max-entries 10000000
    if [ -z "$best_ours" ] || awk -v a="$MEASURE_WALL" -v b="$best_ours" 'BEGIN { exit !(a < b) }'; then best_ours="$MEASURE_WALL"; fi
    if [ -z "$cpu_ours" ] || awk -v a="$MEASURE_CPU" -v b="$cpu_ours" 'BEGIN { exit !(a < b) }'; then cpu_ours="$MEASURE_CPU"; fi
    if [ -z "$rss_ours" ] || awk -v a="$MEASURE_RSS_MIB" -v b="$rss_ours" 'BEGIN { exit !(a > b) }'; then rss_ours="$MEASURE_RSS_MIB"; fi
    measure "curl|tee(sha256sum)|tar xz #$run" bash -c "curl -s '$blob' | tee >(sha256sum > '$work/shell.sum') | tar xz -C '$work/out-shell'"
    if [ -z "$best_shell" ] || awk -v a="$MEASURE_WALL" -v b="$best_shell" 'BEGIN { exit !(a < b) }'; then best_shell="$MEASURE_WALL"; fi
    if [ -z "$cpu_shell" ] || awk -v a="$MEASURE_CPU" -v b="$cpu_shell" 'BEGIN { exit !(a < b) }'; then cpu_shell="$MEASURE_CPU"; fi
  done
  # Both must have produced the same tree, and the shell's hash must be the layer digest.
  diff -rq "$work/out-ours" "$work/out-shell" >/dev/null || { echo "the two extractions differ"; exit 1; }
  [ "sha256:$(cut -d' ' -f1 "$work/shell.sum")" = "$layer" ] || { echo "the shell's sha256 is not the layer digest"; exit 1; }
  printf 'result %s MiB: wall ours %ss, shell %ss, ratio %s (goal <= 1.10); cpu ours %ss, shell %ss, ratio %s; our peak RSS %s MiB (goal < 64)\n' \
    "$size" "$best_ours" "$best_shell" "$(ratio "$best_ours" "$best_shell")" "$cpu_ours" "$cpu_shell" "$(ratio "$cpu_ours" "$cpu_shell")" "$rss_ours"
  rm -rf "$tree" "$work/out-ours" "$work/out-shell"
done
