#!/usr/bin/env bash
# Fetches the npm package nsfwjs@4.4.0 (MIT) into .baton/base-models/ (git-ignored) and unpacks it.
# Its bundled Keras MobileNetV2 (TF.js layers model, uint8-quantised) is the offline pretrained base
# imported by dev.baton.transfer.weights. Idempotent: does nothing when the unpacked package is present.
#
# Usage: deploy/base-models/fetch-nsfwjs.sh [baton-root]
# Result: <root>/.baton/base-models/nsfwjs-4.4.0/package/...
set -euo pipefail

PKG_NAME="nsfwjs"
PKG_VERSION="4.4.0"
# sha256 of the npm tarball nsfwjs-4.4.0.tgz (npm also checks the registry's sha512 integrity).
PKG_SHA256="585cd178f3b994337c4d10a87b080d342fc52f8b9bf0085c4d1f345a3a1c5382"
ROOT="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
BASE="${ROOT}/.baton/base-models"
DEST="${BASE}/${PKG_NAME}-${PKG_VERSION}"
MARKER="${DEST}/.unpacked"

if [[ -f "${MARKER}" && -f "${DEST}/package/package.json" ]]; then
  echo "${DEST}"
  exit 0
fi

command -v npm >/dev/null || { echo "fetch-nsfwjs.sh: npm not found on PATH" >&2; exit 2; }

mkdir -p "${BASE}"
WORK="$(mktemp -d "${BASE}/.fetch-${PKG_NAME}.XXXXXX")"
trap 'rm -rf "${WORK}"' EXIT

# npm pack writes <name>-<version>.tgz into --pack-destination and prints its file name last.
TGZ_NAME="$(cd "${WORK}" && npm pack "${PKG_NAME}@${PKG_VERSION}" --pack-destination "${WORK}" --silent | tail -n 1)"
TGZ="${WORK}/${TGZ_NAME}"
[[ -f "${TGZ}" ]] || { echo "fetch-nsfwjs.sh: npm pack produced no tarball" >&2; exit 3; }

ACTUAL_SHA256="$(sha256sum "${TGZ}" | cut -d' ' -f1)"
[[ "${ACTUAL_SHA256}" == "${PKG_SHA256}" ]] \
  || { echo "fetch-nsfwjs.sh: ${TGZ_NAME} sha256 ${ACTUAL_SHA256}, expected ${PKG_SHA256}" >&2; exit 6; }

mkdir -p "${WORK}/unpacked"
tar -xzf "${TGZ}" -C "${WORK}/unpacked"
[[ -f "${WORK}/unpacked/package/package.json" ]] || { echo "fetch-nsfwjs.sh: unexpected tarball layout" >&2; exit 4; }
grep -q "\"version\": *\"${PKG_VERSION}\"" "${WORK}/unpacked/package/package.json" \
  || { echo "fetch-nsfwjs.sh: tarball is not ${PKG_NAME}@${PKG_VERSION}" >&2; exit 5; }

( cd "${WORK}" && sha256sum "${TGZ_NAME}" ) > "${WORK}/unpacked/${TGZ_NAME}.sha256"
cp "${TGZ}" "${WORK}/unpacked/"

# Move into place with one rename. Only a partial copy (no marker) is removed first; if a concurrent
# caller wins the rename, its identical copy is kept.
rm -rf "${DEST}"
if ! mv -T "${WORK}/unpacked" "${DEST}" 2>/dev/null; then
  [[ -f "${DEST}/package/package.json" ]] || { echo "fetch-nsfwjs.sh: could not install ${DEST}" >&2; exit 7; }
fi
touch "${MARKER}"
echo "${DEST}"
