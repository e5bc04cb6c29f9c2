#!/usr/bin/env bash
# Side by side: the same 10,000 randomized apply cases (ssa-gen-cases.py) through the structured-merge-diff
# reference program ssa-ref (Go, SMD v6.4.2; build it per ../shared/oracles/ssa-ref/README.md, "Build A",
# and pass its path in SSA_REF or put it at /tmp/ssa-ref) and through `gitops ssa batch`. Both load the
# schema derived from the Kubernetes v1.36.2 OpenAPI v3 documents. Prints wall/CPU/RSS, cases per second,
# the ratio, and whether every result (object, managers, conflicts) is identical; then the time our run spent
# parsing, in the engine and writing (summed over cases), once on all cores and once on one.
. "$(dirname "$0")/lib.sh"

N="${1:-10000}"
SSA_REF="${SSA_REF:-/tmp/ssa-ref}"
OPENAPI="${OPENAPI:-$compare_root/../shared/schemas/kubernetes/v1.36.2/openapi-v3-served}"
[ -x "$SSA_REF" ] || { echo "ssa-ref not found at $SSA_REF (see ../shared/oracles/ssa-ref/README.md)"; exit 1; }
ensure_gnu_time
export COMPARE_CLI_DIR="${COMPARE_CLI_DIR:-/tmp/gitops-compare-cli-ssa}"   # not shared with other scripts' builds
build_cli

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
python3 "$(dirname "$0")/ssa-gen-cases.py" "$N" > "$work/cases.jsonl"
echo "cases: $N ($(wc -c < "$work/cases.jsonl") bytes)"

measure "ssa-ref (Go, SMD v6.4.2)" sh -c "'$SSA_REF' -openapi3 '$OPENAPI' < '$work/cases.jsonl' > '$work/ref.jsonl'"
ref_wall="$MEASURE_WALL"; ref_cpu="$MEASURE_CPU"
measure "gitops ssa batch (.NET)" sh -c "'$GITOPS' ssa batch --stats '$work/cases.jsonl' > '$work/ours.jsonl' 2> '$work/stats.txt'"
our_wall="$MEASURE_WALL"; our_cpu="$MEASURE_CPU"
echo "  phases (summed over cases, all cores): $(cat "$work/stats.txt")"
# The engine alone on one core: the same cases, parse and output timed apart (--jobs 1 makes the sums CPU-like).
"$GITOPS" ssa batch --stats --jobs 1 "$work/cases.jsonl" 2> "$work/stats1.txt" > /dev/null
echo "  phases (one core):                     $(cat "$work/stats1.txt")"

echo "throughput ssa-ref: $(awk -v n="$N" -v w="$ref_wall" 'BEGIN { printf "%.0f", n / w }') cases/s (wall, schema load included)"
echo "throughput gitops:  $(awk -v n="$N" -v w="$our_wall" 'BEGIN { printf "%.0f", n / w }') cases/s (wall, schema load included)"
echo "ratio wall ssa-ref/gitops: $(ratio "$ref_wall" "$our_wall")  cpu: $(ratio "$ref_cpu" "$our_cpu")  (>1 means gitops is faster)"
python3 "$(dirname "$0")/ssa-compare-results.py" "$work/ref.jsonl" "$work/ours.jsonl" || true
