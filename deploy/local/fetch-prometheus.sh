#!/usr/bin/env bash
# Fetches Debian's prometheus package (the prometheus server and promtool) and the JavaScript packages
# its classic web UI links to, and unpacks them with dpkg-deb -x into one folder: nothing is installed
# system-wide and no root is needed once the apt lists are there. Cached: a folder that holds the
# wanted version is left alone.
#
#   deploy/local/fetch-prometheus.sh [folder]     default: <checkout>/.baton/dist/prometheus
#
# Then <folder>/usr/bin/prometheus, <folder>/usr/bin/promtool and the web assets under
# <folder>/usr/share/prometheus/web (prometheus --web.local-assets). Run by the Maven build (module
# deploy/local/prometheus-dist) and by 'deploy/local/cluster.sh fetch'.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest="${1:-$root/.baton/dist/prometheus}"
packages=(prometheus libjs-jquery libjs-jquery-hotkeys libjs-bootstrap4 libjs-popper.js libjs-moment
  libjs-moment-timezone libjs-mustache libjs-rickshaw libjs-d3 libjs-eonasdan-bootstrap-datetimepicker
  fonts-glyphicons-halflings)

if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
  echo "error: Prometheus comes from Debian's 'prometheus' package, and this machine has no apt-get/dpkg-deb;" \
    "put a prometheus 2.x and its promtool under $dest/usr/bin by hand" >&2
  exit 1
fi

candidate() { apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p'; }
version="$(candidate prometheus)"
if [ -z "$version" ] || [ "$version" = "(none)" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "fetch-prometheus: no apt lists yet, running apt-get update" >&2
    apt-get update -qq >&2
    version="$(candidate prometheus)"
  fi
  if [ -z "$version" ] || [ "$version" = "(none)" ]; then
    echo "error: apt knows no 'prometheus' package: run 'sudo apt-get update' (Debian 12 or newer)" >&2
    exit 1
  fi
fi

stamp="$dest/.fetched"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$version" ] && [ -x "$dest/usr/bin/prometheus" ] \
   && [ -x "$dest/usr/bin/promtool" ]; then
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetch-prometheus: downloading prometheus $version and its web UI's libraries" >&2
sandbox=()
# As root, apt would hand the download to its sandbox user, who cannot write to a private folder.
[ "$(id -u)" = 0 ] && sandbox=(-o APT::Sandbox::User=root)
(cd "$work" && apt-get download -q "${sandbox[@]}" "${packages[@]}" >&2)
rm -rf "$dest.new"
mkdir -p "$dest.new"
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$dest.new"
done
echo "$version" > "$dest.new/.fetched"
rm -rf "$dest"
mv "$dest.new" "$dest"
"$dest/usr/bin/promtool" --version 2>&1 | head -n 1 >&2
