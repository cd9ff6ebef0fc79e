#!/usr/bin/env bash
# Regenerates transfer/src/test/resources/weights/nsfwjs-mobilenet_v2-reference.json, the reference
# outputs of the original nsfwjs@4.4.0 TF.js MobileNetV2 on two fixed inputs, computed by
# @tensorflow/tfjs (pure JS CPU backend) under Node.js (>= 18).
# Everything fetched goes to git-ignored folders: the package to .baton/base-models/ (fetch-nsfwjs.sh)
# and tfjs to .baton/node/.
set -euo pipefail

TFJS_VERSION="4.22.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODE_DIR="${ROOT}/.baton/node"
OUT="${1:-${ROOT}/transfer/src/test/resources/weights/nsfwjs-mobilenet_v2-reference.json}"

PKG_PARENT="$("${ROOT}/deploy/base-models/fetch-nsfwjs.sh" "${ROOT}" | tail -n 1)"

mkdir -p "${NODE_DIR}"
if [[ ! -f "${NODE_DIR}/node_modules/@tensorflow/tfjs/package.json" ]] \
   || ! grep -q "\"version\": *\"${TFJS_VERSION}\"" "${NODE_DIR}/node_modules/@tensorflow/tfjs/package.json"; then
  [[ -f "${NODE_DIR}/package.json" ]] || echo '{"name":"baton-node-tools","private":true}' > "${NODE_DIR}/package.json"
  ( cd "${NODE_DIR}" && npm install --no-audit --no-fund --ignore-scripts "@tensorflow/tfjs@${TFJS_VERSION}" )
fi

# Node resolves bare imports relative to the script, so run a copy placed inside .baton/node/.
cp "${ROOT}/deploy/base-models/nsfwjs-reference.mjs" "${NODE_DIR}/nsfwjs-reference.mjs"
node "${NODE_DIR}/nsfwjs-reference.mjs" "${PKG_PARENT}/package" "${OUT}"
