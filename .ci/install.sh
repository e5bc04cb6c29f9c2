#!/usr/bin/env bash
# Installs what the test suite needs, idempotently, from Debian, NuGet and npm only.
# Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_updated=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required (dotnet on PATH)"; exit 1; }
command -v git >/dev/null || apt_install git
command -v python3 >/dev/null || apt_install python3
# GitOps.Git Keys/Signatures tests: ssh-keygen, ssh, ssh-keyscan and a real sshd; gpg signs test commits and tags.
apt_install openssh-client openssh-server gnupg

# Git sources (tests/GitOps.Git.Tests): git daemon and git-http-backend come with git; lighttpd (+ its TLS
# module) serves smart HTTP with basic auth and HTTPS; sshd serves SSH on a high port.
apt_install git lighttpd lighttpd-mod-openssl openssh-server openssh-client

# Native AOT publishing of the CLI (tests/GitOps.Cli.Tests/NativeAot) links with clang and lld.
command -v clang >/dev/null || apt_install clang
command -v ld.lld >/dev/null || apt_install lld

# OCI tests (tests/GitOps.Oci.Tests): the CNCF distribution registry, and htpasswd for its bcrypt Basic auth.
command -v docker-registry >/dev/null || apt_install docker-registry
command -v htpasswd >/dev/null || apt_install apache2-utils

# The bucket tests' S3-compatible server: OpenStack Swift with its s3api middleware, and memcached
# (tests/GitOps.Buckets.Tests/Swift/swift.sh configures and starts them on 127.0.0.1).
command -v swift-proxy-server >/dev/null && command -v memcached >/dev/null \
  || apt_install swift-proxy swift-account swift-container swift-object memcached

# Fuzzing (fuzz/run.sh; CI runs only the harnesses' smoke test, which needs no AFL++): AFL++ drives SharpFuzz.
command -v afl-fuzz >/dev/null || apt_install afl++

# Kubernetes emulator tests (tests/GitOps.Kubernetes.Emulator.Tests/Clients): the real kubectl as a client. The
# machine image ships kubectl 1.32; Debian's kubernetes-client (kubectl 1.20) is the fallback.
command -v kubectl >/dev/null || apt_install kubernetes-client

# NuGet packages: one restore up front, so that test runs don't race on it; the second brings the ILCompiler
# and runtime packs a Native AOT publish of the CLI needs.
dotnet restore GitOps.slnx --nologo -v q
dotnet restore samples/GitOps.Cli -r "$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')" -p:PublishAot=true --nologo -v q
