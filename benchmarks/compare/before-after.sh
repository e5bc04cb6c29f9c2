#!/usr/bin/env bash
# Before/after of one branch against another, in one run on the same machine: `gitops kustomize build` on the
# N-object overlay tree of ../shared/conformance/kustomize/gen-large.py (outputs must be byte-identical) and
# `gitops helm index` on the synthetic 50 MiB Helm index, each run alternately REPEAT times with both CLIs
# (framework-dependent Release publishes); prints the median CPU (user+sys) and peak RSS and their ratios.
#
#   benchmarks/compare/before-after.sh BASE_WORKTREE [N=1000] [REPEAT=3]
#
# BASE_WORKTREE: a checkout of the baseline (e.g. `git worktree add /tmp/base main`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
base="$1"; n="${2:-1000}"; repeat="${3:-3}"
shared="${GITOPS_SHARED_DIR:-$compare_root/../shared}"
work="$(mktemp -d "${TMPDIR:-/tmp}/before-after.XXXXXX")"
ensure_gnu_time
dotnet publish "$base/samples/GitOps.Cli" -c Release -o "$work/base" --nologo -v q >/dev/null
dotnet publish "$compare_root/samples/GitOps.Cli" -c Release -o "$work/head" --nologo -v q >/dev/null
python3 "$shared/conformance/kustomize/gen-large.py" "$n" "$work/tree" >/dev/null
gzip -dc "$shared"/conformance/helm/indexes/synthetic*.index.yaml.gz >"$work/index.yaml"
echo "base: $(git -C "$base" rev-parse --short HEAD)  head: $(git -C "$compare_root" rev-parse --short HEAD)  load: $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # run LABEL OUT CMD... -> "cpu rss_mib"
  local out="$2"; shift 2
  /usr/bin/time -f '%U %S %M' -o "$work/t" "$@" >"$out"
  awk '{ printf "%.2f %.1f\n", $1 + $2, $3 / 1024 }' "$work/t"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

for scenario in kustomize helm; do
  : >"$work/base.cpu"; : >"$work/head.cpu"; : >"$work/base.rss"; : >"$work/head.rss"
  for i in $(seq "$repeat"); do
    for side in base head; do
      if [ "$scenario" = kustomize ]; then
        r="$(run "$side" "$work/$side.out" "$work/$side/gitops" kustomize build "$work/tree/overlays/cluster")"
      else
        r="$(run "$side" "$work/$side.out" "$work/$side/gitops" helm index "$work/index.yaml")"
      fi
      echo "${r% *}" >>"$work/$side.cpu"; echo "${r#* }" >>"$work/$side.rss"
    done
    if [ "$scenario" = kustomize ]; then cmp -s "$work/base.out" "$work/head.out" || echo "WARNING: outputs differ"; fi
  done
  bc="$(median <"$work/base.cpu")"; hc="$(median <"$work/head.cpu")"
  br="$(median <"$work/base.rss")"; hr="$(median <"$work/head.rss")"
  printf 'RESULT %-10s base cpu=%6ss rss=%7sMiB  head cpu=%6ss rss=%7sMiB  head/base cpu=%.2f rss=%.2f\n' \
    "$scenario" "$bc" "$br" "$hc" "$hr" "$(awk -v a="$hc" -v b="$bc" 'BEGIN { print a / b }')" "$(awk -v a="$hr" -v b="$br" 'BEGIN { print a / b }')"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
