#!/usr/bin/env bash
# Fuzzes the SDK's parsers with AFL++ through SharpFuzz.
#   fuzz/run.sh [-t SECONDS | -n EXECUTIONS] [-j] [TARGET...]
# -t: stop each target after SECONDS (default 60); -n: after about EXECUTIONS executions instead;
# -j: run the targets in parallel (at nice 19) instead of one after another. No TARGET: all of them.
# Needs afl-fuzz (Debian package afl++) and the SharpFuzz.CommandLine tool (installed into fuzz/out/tools).
# Findings go to fuzz/out/findings/TARGET/default/{crashes,hangs}; replay one with
#   dotnet fuzz/out/bin/GitOps.Fuzz.dll TARGET FILE
# Set GITOPS_BUILD_LOCK to a lock file to serialise the publish step with other builds.
set -euo pipefail
cd "$(dirname "$0")"
here="$(pwd)"
targets_all=(yaml kustomization helm-index-yaml helm-index-json tar gzip fieldsv1 managed-fields sourceignore helm-constraint)
seconds=60 executions="" parallel=0
while getopts "t:n:j" opt; do
  case "$opt" in
    t) seconds="$OPTARG" ;;
    n) executions="$OPTARG" ;;
    j) parallel=1 ;;
    *) sed -n 2,9p "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${targets_all[@]}")
command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing: apt-get install afl++ (or run .ci/install.sh)"; exit 1; }

lock=()
[ -n "${GITOPS_BUILD_LOCK:-}" ] && lock=(flock "$GITOPS_BUILD_LOCK")
rm -rf out/bin
"${lock[@]}" dotnet publish GitOps.Fuzz -c Release -o out/bin --nologo -v q
[ -x out/tools/sharpfuzz ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path out/tools >/dev/null
# Coverage comes from our libraries and the YAML tokenizer the Core reader is built on.
for dll in GitOps.Core GitOps.Helm GitOps.Kustomize YamlDotNet; do
  out/tools/sharpfuzz "out/bin/$dll.dll" >/dev/null
done

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
run_one() {
  local target="$1" limit=(-V "$seconds")
  [ -n "$executions" ] && limit=(-E "$executions")
  rm -rf "out/findings/$target"
  mkdir -p out/findings
  nice -n 19 afl-fuzz -i "corpus/$target" -o "out/findings/$target" -t 10000 -m none "${limit[@]}" \
    -- dotnet "$here/out/bin/GitOps.Fuzz.dll" "$target" > "out/findings/$target.log" 2>&1 || true
}
if [ "$parallel" = 1 ]; then
  for t in "${targets[@]}"; do run_one "$t" & done
  wait
else
  for t in "${targets[@]}"; do run_one "$t"; done
fi

printf '%-18s %12s %8s %8s %8s\n' target executions crashes hangs seconds
for t in "${targets[@]}"; do
  stats="out/findings/$t/default/fuzzer_stats"
  if [ -f "$stats" ]; then
    get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
    printf '%-18s %12s %8s %8s %8s\n' "$t" "$(get execs_done)" "$(get saved_crashes)" "$(get saved_hangs)" "$(get run_time)"
  else
    printf '%-18s did not start: see fuzz/out/findings/%s.log\n' "$t" "$t"
  fi
done
