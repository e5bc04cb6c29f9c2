#!/usr/bin/env bash
# gitops git artifact (clone at depth 1 -> reproducible artifact)  vs  git clone --depth 1 && tar czf, in one run.
#
#   bash benchmarks/compare/git-clone-artifact.sh                      # 20,000 files, 3,000 commits
#   FILES=5000 COMMITS=500 bash benchmarks/compare/git-clone-artifact.sh
#
# Generates a repository with `git fast-import` (FILES files of real-looking YAML at HEAD, COMMITS commits that
# each change a few files), serves it over git:// (git daemon) and smart HTTP (lighttpd + git http-backend, when
# lighttpd is installed) on 127.0.0.1, then times both pipelines once per transport (GNU time: wall, CPU of the
# process and the children it waited for, peak RSS of the largest) and prints ours / git's. Goal: ratio <= 1
# and our peak RSS < 100 MiB. Work files go to BENCH_DIR (default /dev/shm when it exists).
. "$(dirname "$0")/lib.sh"

files="${FILES:-20000}"
commits="${COMMITS:-3000}"
base="${BENCH_DIR:-$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp )}"
work="$(mktemp -d "$base/gitops-git-bench.XXXXXX")"
export COMPARE_CLI_DIR="${COMPARE_CLI_DIR:-$(mktemp -d /tmp/gitops-git-cli.XXXXXX)}"
daemon_pid=""
lighttpd_pid=""
cleanup() {
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null || true
  [ -n "$lighttpd_pid" ] && kill "$lighttpd_pid" 2>/dev/null || true
  rm -rf "$work" "$COMPARE_CLI_DIR"
}
trap cleanup EXIT

ensure_gnu_time
build_cli
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The repository: one commit with every file, then commits changing 3 files each.
mkdir -p "$work/repos"
git init -q --bare "$work/repos/app.git"
python3 - "$files" "$commits" <<'PY' | git -C "$work/repos/app.git" fast-import --quiet
import sys
files, commits = int(sys.argv[1]), int(sys.argv[2])
out = sys.stdout.buffer
def doc(i, rev):
    return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  namespace: team-{i % 50}\n"
            f"  labels:\n    app: app-{i}\n    revision: \"{rev}\"\nspec:\n  replicas: {1 + i % 5}\n  template:\n"
            f"    spec:\n      containers:\n      - name: app\n        image: registry.example.com/app-{i}:v{rev}\n").encode()
for c in range(commits):
    changed = range(files) if c == 0 else [(c * 7 + k * 131) % files for k in range(3)]
    msg = f"commit {c}\n".encode()
    out.write(b"commit refs/heads/main\n")
    out.write(f"committer Bench <bench@example.com> {1700000000 + c} +0000\n".encode())
    out.write(b"data %d\n" % len(msg) + msg)
    for i in changed:
        body = doc(i, c)
        out.write(f"M 644 inline team-{i % 50}/app-{i}.yaml\n".encode())
        out.write(b"data %d\n" % len(body) + body + b"\n")
    out.write(b"\n")
PY
git -C "$work/repos/app.git" symbolic-ref HEAD refs/heads/main
git -C "$work/repos/app.git" gc -q --aggressive >/dev/null 2>&1 || true

daemon_port="$(free_port)"
git daemon --listen=127.0.0.1 --port="$daemon_port" --reuseaddr --export-all --base-path="$work/repos" "$work/repos" &
daemon_pid=$!
urls=("git://127.0.0.1:$daemon_port/app.git")
if command -v lighttpd >/dev/null; then
  http_port="$(free_port)"
  cat >"$work/lighttpd.conf" <<CONF
server.modules = ("mod_alias", "mod_cgi", "mod_setenv")
server.bind = "127.0.0.1"
server.port = $http_port
server.document-root = "$work/repos"
server.errorlog = "$work/lighttpd.log"
setenv.add-environment = ("GIT_PROJECT_ROOT" => "$work/repos", "GIT_HTTP_EXPORT_ALL" => "1")
alias.url = ("/git" => "/usr/lib/git-core/git-http-backend")
cgi.assign = ("/git-http-backend" => "")
CONF
  lighttpd -D -f "$work/lighttpd.conf" &
  lighttpd_pid=$!
  urls+=("http://127.0.0.1:$http_port/git/app.git")
fi
sleep 1

printf 'machine: %s cores, %s; %s; CLI %s; load average %s; work in %s\n' "$(nproc)" "$(uname -sr)" \
  "$(dotnet --version | sed 's/^/.NET SDK /')" "$GITOPS_FLAVOR" "$(cut -d' ' -f1-3 /proc/loadavg)" "$base"
printf 'repository: %s files at HEAD, %s commits, pack %s\n' "$files" "$commits" "$(du -sh "$work/repos/app.git/objects" | cut -f1)"
for url in "${urls[@]}"; do
  rm -rf "$work/out" && mkdir -p "$work/out"
  measure "gitops git artifact" "$GITOPS" git artifact "$url" --ref branch=main --output "$work/out/ours.tar.gz"
  ours_wall=$MEASURE_WALL ours_cpu=$MEASURE_CPU ours_rss=$MEASURE_RSS_MIB
  measure "git clone --depth 1 + tar" sh -c "git clone -q --depth 1 --branch main '$url' '$work/out/clone' && tar czf '$work/out/git.tar.gz' -C '$work/out/clone' --exclude=.git ."
  printf '%s: wall %ss vs %ss (ratio %s), cpu %ss vs %ss (ratio %s), peak RSS %s MiB vs %s MiB\n' "${url%%:*}" \
    "$ours_wall" "$MEASURE_WALL" "$(ratio "$ours_wall" "$MEASURE_WALL")" "$ours_cpu" "$MEASURE_CPU" "$(ratio "$ours_cpu" "$MEASURE_CPU")" \
    "$ours_rss" "$MEASURE_RSS_MIB"
done
