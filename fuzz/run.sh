#!/usr/bin/env bash
# Fuzzes the SDK's parsers with AFL++ through SharpFuzz.
#   fuzz/run.sh [-t SECONDS | -n EXECUTIONS] [-p SECONDS] [-r] [-j] [TARGET...]
# -t: stop each target after SECONDS (default 60); -n: after about EXECUTIONS executions instead;
# -p: run each target in pieces of at most SECONDS, taking GITOPS_BUILD_LOCK (if set) for each piece and
#     releasing it between pieces, until -t or -n is reached (executions and time add up across pieces);
# -r: resume each target's campaign in fuzz/out/findings/TARGET (and reuse fuzz/out/bin if built);
# -j: run the targets in parallel instead of one after another. No TARGET: all of them.
# Fuzzing runs at nice 19 (GITOPS_FUZZ_NICE to change it).
# Needs afl-fuzz (Debian package afl++) and the SharpFuzz.CommandLine tool (installed into fuzz/out/tools).
# Findings go to fuzz/out/findings/TARGET/default/{crashes,hangs}; replay one with
#   dotnet fuzz/out/bin/GitOps.Fuzz.dll TARGET FILE
# Set GITOPS_BUILD_LOCK to a lock file to serialise the publish step (and, with -p, each piece) with other builds.
set -euo pipefail
cd "$(dirname "$0")"
here="$(pwd)"
targets_all=(yaml kustomization helm-index-yaml helm-index-json tar gzip fieldsv1 managed-fields sourceignore helm-constraint)
seconds=60 executions="" parallel=0 piece="" resume=0
while getopts "t:n:p:rj" opt; do
  case "$opt" in
    t) seconds="$OPTARG" ;;
    n) executions="$OPTARG" ;;
    p) piece="$OPTARG" ;;
    r) resume=1 ;;
    j) parallel=1 ;;
    *) sed -n 2,13p "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${targets_all[@]}")
command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing: apt-get install afl++ (or run .ci/install.sh)"; exit 1; }

lock=()
[ -n "${GITOPS_BUILD_LOCK:-}" ] && lock=(flock "$GITOPS_BUILD_LOCK")
if [ "$resume" = 0 ] || [ ! -f out/bin/GitOps.Fuzz.dll ]; then
  rm -rf out/bin
  "${lock[@]}" dotnet publish GitOps.Fuzz -c Release -o out/bin --nologo -v q
  [ -x out/tools/sharpfuzz ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path out/tools >/dev/null
  # Coverage comes from our libraries and the YAML tokenizer the Core reader is built on.
  for dll in GitOps.Core GitOps.Helm GitOps.Kustomize YamlDotNet; do
    out/tools/sharpfuzz "out/bin/$dll.dll" >/dev/null
  done
fi

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
stat_of() { awk -F' *: *' -v k="$2" '$1 == k { print $2 }' "out/findings/$1/default/fuzzer_stats" 2>/dev/null || true; }
fuzz_piece() { # LOCK? TARGET INPUT LIMIT...: one afl-fuzz run (under the build lock if LOCK? is 1), appending to the target's log
  local with_lock=() target="$2" input="$3"
  [ "$1" = 1 ] && with_lock=("${lock[@]}")
  shift 3
  "${with_lock[@]}" nice -n "${GITOPS_FUZZ_NICE:-19}" afl-fuzz -i "$input" -o "out/findings/$target" -t 10000 -m none "$@" \
    -- dotnet "$here/out/bin/GitOps.Fuzz.dll" "$target" >> "out/findings/$target.log" 2>&1 || true
}
run_one() {
  local target="$1" input="corpus/$1"
  mkdir -p out/findings
  if [ "$resume" = 1 ] && [ -f "out/findings/$target/default/fuzzer_stats" ]; then
    input=-
  else
    rm -rf "out/findings/$target" "out/findings/$target.log"
  fi
  if [ -z "$piece" ]; then
    local limit=(-V "$seconds")
    [ -n "$executions" ] && limit=(-E "$executions")
    fuzz_piece 0 "$target" "$input" "${limit[@]}"
    return
  fi
  # AFL++ reloads execs_done and run_time from fuzzer_stats when it resumes (-i -), so the totals add up.
  while :; do
    local done_execs done_time
    done_execs="$(stat_of "$target" execs_done)" done_time="$(stat_of "$target" run_time)"
    if [ -n "$executions" ]; then [ "${done_execs:-0}" -ge "$executions" ] && break
    else [ "${done_time:-0}" -ge "$seconds" ] && break; fi
    local limit=(-V "$piece")
    [ -n "$executions" ] && limit+=(-E "$executions")
    [ -z "$executions" ] && [ $((seconds - ${done_time:-0})) -lt "$piece" ] && limit=(-V $((seconds - ${done_time:-0})))
    fuzz_piece 1 "$target" "$input" "${limit[@]}"
    input=-
    # A piece that made no progress (afl-fuzz refused to start) ends the campaign rather than looping.
    [ "$(stat_of "$target" execs_done)" = "$done_execs" ] && { echo "$target: no progress, see fuzz/out/findings/$target.log"; break; }
  done
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
    printf '%-18s %12s %8s %8s %8s\n' "$t" "$(stat_of "$t" execs_done)" "$(stat_of "$t" saved_crashes)" "$(stat_of "$t" saved_hangs)" "$(stat_of "$t" run_time)"
  else
    printf '%-18s did not start: see fuzz/out/findings/%s.log\n' "$t" "$t"
  fi
done
