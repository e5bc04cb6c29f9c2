#!/usr/bin/env bash
# gitops bucket artifact (list + parallel download + pack) vs `aws s3 sync` (download only), on one bucket of
# OBJECTS small objects (default 10,000) in a local OpenStack Swift with s3api, in one run.
#
#   bash benchmarks/compare/bucket-artifact.sh
#   OBJECTS=2000 CONCURRENCY="1 16" bash benchmarks/compare/bucket-artifact.sh
#
# Starts Swift with tests/GitOps.Buckets.Tests/Swift/swift.sh (Debian: swift-proxy swift-account
# swift-container swift-object memcached) on free ports in a temporary folder, uploads the objects with
# `aws s3 sync` (32 requests at a time), then times, once each:
#   - `aws s3 sync s3://bucket DIR` with s3.max_concurrent_requests=1 (the sequential baseline) and at its
#     default of 10 (Debian's awscli; where it is missing, our CLI at --concurrency 1 is the baseline),
#   - `gitops bucket artifact` at each of CONCURRENCY (default "1 4 16 32"), which also packs the tar.gz,
# and prints each one's wall time against the sequential baseline. Needs python3 and GNU time.
. "$(dirname "$0")/lib.sh"

objects="${OBJECTS:-10000}"
concurrency="${CONCURRENCY:-1 4 16 32}"
work="$(mktemp -d /tmp/gitops-bucket-bench.XXXXXX)"
export COMPARE_CLI_DIR="${COMPARE_CLI_DIR:-$(mktemp -d /tmp/gitops-bucket-cli.XXXXXX)}"
swift="$compare_root/tests/GitOps.Buckets.Tests/Swift/swift.sh"
cleanup() {
  bash "$swift" stop "$work/swift" || true
  rm -rf "$work" "$COMPARE_CLI_DIR"
}
trap cleanup EXIT

ensure_gnu_time
aws_cli="$(command -v /usr/bin/aws aws 2>/dev/null | head -n 1 || true)"
build_cli

port="$(python3 - <<'PY'
import random, socket
for _ in range(100):
    base = random.randrange(20000, 60000)
    try:
        for p in range(base, base + 5):
            s = socket.socket(); s.bind(("127.0.0.1", p)); s.close()
        print(base); break
    except OSError:
        pass
PY
)"
bash "$swift" start "$work/swift" "$port"
endpoint="http://127.0.0.1:$port"
export AWS_ACCESS_KEY_ID=flux:tester AWS_SECRET_ACCESS_KEY=s3cret AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-credentials"
aws_concurrency() { printf '[default]\ns3 =\n  max_concurrent_requests = %s\n' "$1" >"$AWS_CONFIG_FILE"; }

# The objects: small YAML documents in 100 folders, 200-600 bytes each.
python3 - "$work/objects" "$objects" <<'PY'
import os, sys
root, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    folder = os.path.join(root, f"apps/team-{i % 100:02d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"cm-{i:05d}.yaml"), "w") as f:
        f.write(f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i:05d}\n  namespace: team-{i % 100:02d}\ndata:\n")
        for k in range(i % 20 + 3):
            f.write(f"  key-{k}: value-{i}-{k}\n")
PY
bytes="$(find "$work/objects" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')"
printf 'machine: %s cores, %s; %s; load average %s\n' "$(nproc)" "$(uname -sr)" \
  "$(dotnet --version | sed 's/^/.NET SDK /')" "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "== bucket: $objects objects, $bytes bytes; Swift $(dpkg-query -W -f '${Version}' swift 2>/dev/null) on $endpoint; CLI: $GITOPS_FLAVOR"
if [ -n "$aws_cli" ]; then
  start=$(date +%s.%N)
  aws_concurrency 32
  "$aws_cli" --endpoint-url "$endpoint" s3 mb s3://bench >/dev/null
  "$aws_cli" --endpoint-url "$endpoint" s3 sync "$work/objects" s3://bench --only-show-errors
  echo "uploaded with $("$aws_cli" --version 2>&1 | cut -d' ' -f1) in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
else
  echo "no aws CLI (Debian: awscli): cannot upload"; exit 1
fi

baseline=""
if [ -n "$aws_cli" ]; then
  rm -rf "$work/sync1"
  aws_concurrency 1
  measure "aws s3 sync (1 at a time)" "$aws_cli" --endpoint-url "$endpoint" s3 sync s3://bench "$work/sync1" --only-show-errors
  baseline="$MEASURE_WALL"
  [ "$(find "$work/sync1" -type f | wc -l)" = "$objects" ] || { echo "aws s3 sync did not download every object"; exit 1; }
  rm -rf "$work/sync10"
  aws_concurrency 10
  measure "aws s3 sync (10 at a time)" "$aws_cli" --endpoint-url "$endpoint" s3 sync s3://bench "$work/sync10" --only-show-errors
  sync10="$MEASURE_WALL"
fi

declare -A ours
for n in $concurrency; do
  rm -f "$work/bucket-$n.tar.gz"
  measure "gitops bucket artifact -c $n" bash -c "'$GITOPS' bucket artifact --endpoint '$endpoint' --bucket bench \
    --access-key flux:tester --secret-key s3cret --output '$work/bucket-$n.tar.gz' --concurrency $n --timeout 600 > '$work/out-$n.txt'"
  ours[$n]="$MEASURE_WALL"
  [ -z "$baseline" ] && baseline="$MEASURE_WALL"
  printf '  %s\n' "$(grep -E '^(revision|digest|objects):' "$work/out-$n.txt" | tr '\n' ' ')"
done
[ "$(cat "$work"/out-*.txt | grep -c "objects: $objects ")" = "$(echo $concurrency | wc -w)" ] || { echo "an artifact lacks objects"; exit 1; }
[ "$(cat "$work"/out-*.txt | grep '^digest:' | sort -u | wc -l)" = 1 ] || { echo "the artifacts differ"; exit 1; }
echo "  the same revision and artifact digest at every concurrency"

echo "== wall time relative to the sequential aws s3 sync (lower is faster)"
[ -n "${sync10:-}" ] && printf '  %-28s %s\n' "aws s3 sync, 10 at a time" "$(ratio "$sync10" "$baseline")"
for n in $concurrency; do
  printf '  %-28s %s\n' "gitops bucket artifact -c $n" "$(ratio "${ours[$n]}" "$baseline")"
done
