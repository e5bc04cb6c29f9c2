#!/usr/bin/env bash
# Side by side: `gitops kustomize build` vs `kubectl kustomize` (kustomize v5.5.0) on the trees of
# ../shared/conformance/kustomize/gen-large.py, in one run. For each N it times both tools on base/
# and on overlays/cluster (three overlay levels: prefix/suffix, namespaces, labels, annotations, images,
# replicas, generators, patches and replacements, as generated), checks the outputs are byte-identical
# and prints CPU, peak RSS and ratios. Then it times ours alone at the big size (kubectl would take hours) and prints the
# scaling: REPEAT runs of the last size and the big size back to back (one process at a time), compared by their medians,
# since one run of each on a shared machine can be off by a third.
#
#   benchmarks/compare/kustomize-vs-kubectl.sh [--sizes "100 300 1000"] [--big 5000] [--repeat 5] [--workdir DIR]
#
# Needs: kubectl on PATH, python3, GNU time (installed from Debian if absent), the shared corpus at
# ../shared (or GITOPS_SHARED_DIR). kubectl needs about 5 minutes of CPU at N=1000 on the overlays.
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

sizes="100 300 1000"
big=5000
repeat=5
workdir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --big) big="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --workdir) workdir="$2"; shift 2 ;;
    *) echo "usage: $0 [--sizes \"100 300 1000\"] [--big 5000] [--repeat 5] [--workdir DIR]" >&2; exit 2 ;;
  esac
done
shared="${GITOPS_SHARED_DIR:-$compare_root/../shared}"
gen="$shared/conformance/kustomize/gen-large.py"
[ -f "$gen" ] || { echo "missing $gen (set GITOPS_SHARED_DIR)" >&2; exit 2; }
[ -n "$workdir" ] || workdir="$(mktemp -d "${TMPDIR:-/tmp}/kz-compare.XXXXXX")"
mkdir -p "$workdir"

ensure_gnu_time
build_cli
echo "gitops: $GITOPS"
echo "kubectl: $(kubectl version --client 2>/dev/null | tr '\n' ' ')"

tree() {
  local n="$1" dir="$workdir/n$1"
  if [ ! -d "$dir" ]; then
    python3 "$gen" "$n" "$dir" >/dev/null
  fi
  echo "$dir"
}

# measure_to OUT LABEL CMD...: like lib.sh's measure, but keeps stdout in OUT (so each tool runs once per tree).
measure_to() {
  local out="$1" label="$2"; shift 2
  local report; report="$(mktemp)"
  /usr/bin/time -f '%e %U %S %M' -o "$report" "$@" >"$out"
  read -r wall user sys rss_kib <"$report"
  rm -f "$report"
  MEASURE_WALL="$wall"
  MEASURE_CPU="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
  MEASURE_RSS_MIB="$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }')"
  printf '%-28s wall=%8ss cpu=%8ss rss_mib=%8s\n' "$label" "$MEASURE_WALL" "$MEASURE_CPU" "$MEASURE_RSS_MIB"
}

declare -A ours_cpu
printf '\n%-6s %-17s %10s %10s %9s %9s %10s %10s %s\n' N target kubectl_cpu gitops_cpu k_rss_MiB g_rss_MiB cpu_ratio rss_ratio output
for n in $sizes; do
  dir="$(tree "$n")"
  for target in base overlays/cluster; do
    measure_to "$workdir/kubectl.out" "kubectl N=$n $target" kubectl kustomize "$dir/$target"
    k_cpu="$MEASURE_CPU"; k_rss="$MEASURE_RSS_MIB"
    measure_to "$workdir/gitops.out" "gitops  N=$n $target" "$GITOPS" kustomize build "$dir/$target"
    g_cpu="$MEASURE_CPU"; g_rss="$MEASURE_RSS_MIB"
    ours_cpu["$n/$target"]="$g_cpu"
    if cmp -s "$workdir/kubectl.out" "$workdir/gitops.out"; then same=identical; else same=DIFFERENT; fi
    printf '%-6s %-17s %10s %10s %9s %9s %10s %10s %s\n' "$n" "$target" "$k_cpu" "$g_cpu" "$k_rss" "$g_rss" \
      "$(ratio "$k_cpu" "$g_cpu")x" "$(ratio "$k_rss" "$g_rss")x" "$same"
  done
done

last="${sizes##* }"
small="$(tree "$last")"
dir="$(tree "$big")"
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
for target in base overlays/cluster; do
  small_cpu=""; big_cpu=""
  for i in $(seq "$repeat"); do
    measure "gitops  N=$last $target #$i" "$GITOPS" kustomize build "$small/$target"
    small_cpu="$small_cpu $MEASURE_CPU"
    measure "gitops  N=$big $target #$i" "$GITOPS" kustomize build "$dir/$target"
    big_cpu="$big_cpu $MEASURE_CPU"
  done
  s_med="$(echo "$small_cpu" | median)"; b_med="$(echo "$big_cpu" | median)"
  echo "  scaling N=$big vs N=$last ($target): median CPU $b_med s vs $s_med s over $repeat alternating runs: x$(ratio "$b_med" "$s_med") for x$(ratio "$big" "$last") the apps"
done
