#!/usr/bin/env bash
# Puts Debian's kubernetes-client (kubectl 1.20 with its embedded Kustomize v2.0.3) into
# <checkout>/.baton/tools/kubernetes-client without installing it system-wide, where it would clash
# with another kubectl package. Uses apt's ordinary client: `apt-get download` and `dpkg-deb -x`.
# Idempotent: does nothing when the tool is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dest="$root/.baton/tools/kubernetes-client"
kubectl="$dest/usr/bin/kubectl"
if [ -x "$kubectl" ]; then
  echo "$kubectl"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
chmod 777 "$work"   # apt's _apt user writes the download here
if ! apt-get download kubernetes-client >/dev/null 2>"$work/err"; then
  # The package lists may be missing on a fresh machine: refresh them once (needs root) and retry.
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    apt-get download kubernetes-client >/dev/null
  else
    cat "$work/err" >&2
    echo "cannot download Debian's kubernetes-client; run 'sudo apt-get update' and retry" >&2
    exit 1
  fi
fi
mkdir -p "$dest"
dpkg-deb -x kubernetes-client_*.deb "$dest"
"$kubectl" version --client >/dev/null
echo "$kubectl"
