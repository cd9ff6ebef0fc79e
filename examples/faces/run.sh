#!/usr/bin/env bash
# The course exercise "recognise faces with VGG16", on what is available offline: the face / non-face
# crops of scikit-image's lfw_subset (Debian package python3-skimage: 100 faces and 100 non-faces,
# 25x25 grey). It trains a VGG16 through the gateway and reports the validation accuracy.
#
# Needs the local platform running (deploy/local/demo.sh, or deploy/local/cluster.sh up) and an API
# key allowed to submit in BATON_API_KEY (the demo prints one).
#
# VGG16 has no ImageNet weights available offline, so this trains from random initialisation
# (pretrained 'none', strategy 'full'); with your own VGG16 base imported (see
# deploy/base-models/README.md) pass PRETRAINED=<its name> STRATEGY=feature_extraction.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${BATON_HOME:-$root/.baton}/examples/faces"
baton="$root/deploy/local/baton"
PRETRAINED="${PRETRAINED:-none}"
STRATEGY="${STRATEGY:-full}"
EPOCHS="${EPOCHS:-12}"

npy="$(find "$work/deb" -name lfw_subset.npy 2>/dev/null | head -n 1 || true)"
if [ -z "$npy" ]; then
  command -v apt-get >/dev/null || { echo "error: needs Debian's apt-get to fetch python3-skimage" >&2; exit 1; }
  mkdir -p "$work/deb"
  echo "fetching Debian's python3-skimage (for skimage/data/lfw_subset.npy; nothing is installed)..."
  (cd "$work/deb" && apt-get download python3-skimage >/dev/null) \
    || { echo "error: 'apt-get download python3-skimage' failed: run 'apt-get update' first" >&2; exit 1; }
  dpkg-deb -x "$work"/deb/python3-skimage_*.deb "$work/deb/unpacked"
  npy="$(find "$work/deb" -name lfw_subset.npy | head -n 1)"
fi

"$baton" make-dataset lfw-faces --npy "$npy" --out "$work/images"
"$baton" datasets describe lfw-faces >/dev/null 2>&1 || "$baton" datasets upload lfw-faces "$work/images"
"$baton" jobs submit --model faces --dataset lfw-faces --base vgg16 --pretrained "$PRETRAINED" \
  --strategy "$STRATEGY" --head gap --image-size 32 --epochs "$EPOCHS" --batch-size 16 --learning-rate 0.01 \
  --validation-split 0.25 --seed 7 --follow
