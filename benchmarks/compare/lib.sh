#!/usr/bin/env bash
# Shared helpers for the side-by-side comparison scripts. Source it: `. "$(dirname "$0")/lib.sh"`.
set -euo pipefail

compare_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# ensure_gnu_time: GNU time prints CPU seconds and peak RSS for a whole process tree's main process.
ensure_gnu_time() {
  if [ ! -x /usr/bin/time ]; then
    apt-get install -y -qq time >/dev/null
  fi
}

# build_cli: publishes the gitops CLI in Release once and sets $GITOPS to its entry point.
# COMPARE_CLI_FLAVOR=aot (the default where clang is installed) publishes it as a Native AOT executable, the form
# we ship the CLI in for short-lived runs; COMPARE_CLI_FLAVOR=jit publishes the framework-dependent build.
build_cli() {
  local out="${COMPARE_CLI_DIR:-$(mktemp -d /tmp/gitops-compare-cli.XXXXXX)}"
  local flavor="${COMPARE_CLI_FLAVOR:-$(command -v clang >/dev/null && echo aot || echo jit)}"
  if [ "$flavor" = aot ]; then
    dotnet publish "$compare_root/samples/GitOps.Cli" -c Release -r "$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')" -p:PublishAot=true -o "$out" --nologo -v q >/dev/null
  else
    dotnet publish "$compare_root/samples/GitOps.Cli" -c Release -o "$out" --nologo -v q >/dev/null
  fi
  GITOPS="$out/gitops"
  GITOPS_FLAVOR="$flavor"
}

# measure LABEL CMD...: runs CMD once, stdout to /dev/null, and prints one line
#   LABEL wall=<s> cpu=<s> rss_mib=<MiB>
# and sets MEASURE_WALL, MEASURE_CPU, MEASURE_RSS_MIB for the caller.
measure() {
  local label="$1"; shift
  local report; report="$(mktemp)"
  /usr/bin/time -f '%e %U %S %M' -o "$report" "$@" >/dev/null
  read -r wall user sys rss_kib <"$report"
  rm -f "$report"
  MEASURE_WALL="$wall"
  MEASURE_CPU="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
  MEASURE_RSS_MIB="$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }')"
  printf '%-28s wall=%8ss cpu=%8ss rss_mib=%8s\n' "$label" "$MEASURE_WALL" "$MEASURE_CPU" "$MEASURE_RSS_MIB"
}

# ratio A B: A / B to two decimals (prints "n/a" when B is zero).
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'
}
