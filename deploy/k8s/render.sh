#!/usr/bin/env bash
# Renders one Kustomize directory (default: the gpu overlay) with Debian's kubectl 1.20 (embedded
# Kustomize v2.0.3), fetched by fetch-kubectl.sh; BATON_KUBECTL names another kubectl.
#   deploy/k8s/render.sh deploy/k8s/overlays/cpu > baton-cpu.yaml
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kubectl="${BATON_KUBECTL:-$("$here/fetch-kubectl.sh")}"
exec "$kubectl" kustomize "${1:-$here/overlays/gpu}"
