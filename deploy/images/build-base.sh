#!/usr/bin/env bash
# Builds Baton's JVM base image from Debian packages only, with no Docker daemon and no registry:
#   .baton/images/baton-base-jvm.tar   a docker-archive tarball (what `docker save` writes) that Jib
#                                      takes as its base with quarkus.jib.base-jvm-image=tar://<path>
#
# Layers: (1) Debian bookworm, variant minbase, plus openjdk-17-jre-headless, built by mmdebstrap from
# the host's own apt sources, with user baton (uid/gid 185) owning /deployments and /var/cache/djl;
# (2) DJL's PyTorch CPU natives (libtorch 2.7.1 and DJL's JNI bridge, taken from the pytorch-native-cpu
# and pytorch-jni jars the parent pom pins), pre-extracted read-only in DJL's own cache layout under
# /opt/djl-cache, so that DJL with ENGINE_CACHE_DIR=/opt/djl-cache finds them and neither extracts nor
# downloads anything at start. The image is assembled with umoci (OCI layout) and written as a
# docker-archive by skopeo: no hand-made manifest.
#
# Idempotent: the rootfs is cached in .baton/images/rootfs-<hash of the package set> and each later
# step is skipped when its output is newer than its inputs. FORCE=1 rebuilds everything.
# Needs root (mmdebstrap's root mode, chown to 185); installs mmdebstrap, umoci, skopeo and jq with apt
# when they are missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${BATON_IMAGES_DIR:-$ROOT/.baton/images}
SUITE=bookworm
PACKAGES=openjdk-17-jre-headless,passwd
BASE_TAR=$WORK/baton-base-jvm.tar
ROOTFS_RECIPE=1

pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ROOT/pom.xml" | head -1; }
DJL_VERSION=$(pom_property djl.version)
PT_NATIVE_VERSION=$(pom_property pytorch.native.version)
PT_JNI_VERSION=$(pom_property pytorch.jni.version)
BASE_REF=baton/base-jvm:17-${SUITE}-torch${PT_NATIVE_VERSION}-djl${DJL_VERSION}

log() { printf '[build-base] %s\n' "$*" >&2; }

need_tools() {
    local missing=()
    command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
    command -v umoci >/dev/null || missing+=(umoci)
    command -v skopeo >/dev/null || missing+=(skopeo)
    command -v jq >/dev/null || missing+=(jq)
    if ((${#missing[@]})); then
        log "installing ${missing[*]} with apt"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

apt_sources() {
    # The chroot uses exactly the mirrors this machine's apt uses (deb822 or one-line files).
    local f
    for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list; do
        [[ -s $f ]] && grep -q '^[^#]' "$f" && echo "$f"
    done
}

build_rootfs() {
    local key dir
    # Bump ROOTFS_RECIPE when the mmdebstrap call below changes: the cached rootfs is keyed on it.
    key=$(printf '%s\n' "$SUITE" "$PACKAGES" "$ROOTFS_RECIPE" | sha256sum | cut -c1-12)
    dir=$WORK/rootfs-$key
    ROOTFS=$dir
    if [[ -f $dir/.complete && ${FORCE:-0} != 1 ]]; then
        log "rootfs cached: $dir"
        return
    fi
    rm -rf "$dir" "$dir.tmp"
    mapfile -t sources < <(apt_sources)
    ((${#sources[@]})) || { echo "no apt sources found on this machine" >&2; exit 1; }
    log "mmdebstrap $SUITE (minbase + $PACKAGES) into $dir"
    SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -d '2025-01-01' +%s)} \
    mmdebstrap --mode=root --variant=minbase --include="$PACKAGES" \
        --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
        --customize-hook='chroot "$1" groupadd --gid 185 baton' \
        --customize-hook='chroot "$1" useradd --uid 185 --gid 185 --home-dir /deployments --no-create-home --shell /usr/sbin/nologin baton' \
        --customize-hook='mkdir -p "$1/deployments" "$1/var/cache/djl" && chown 185:185 "$1/deployments" "$1/var/cache/djl"' \
        --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*.log "$1"/var/cache/ldconfig/aux-cache' \
        "$SUITE" "$dir.tmp" "${sources[@]}"
    touch "$dir.tmp/.complete"
    mv "$dir.tmp" "$dir"
}

build_natives() {
    # DJL's own cache layout: <ENGINE_CACHE_DIR>/pytorch/<version>-<flavor>-<classifier>/ holding the
    # libraries of native/lib/pytorch.properties and <djl version>-libdjl_torch.so (see DJL's LibUtils).
    local m2=${MAVEN_REPO:-$HOME/.m2/repository} native jni props version flavor classifier dir
    native=$m2/ai/djl/pytorch/pytorch-native-cpu/$PT_NATIVE_VERSION/pytorch-native-cpu-$PT_NATIVE_VERSION-linux-x86_64.jar
    jni=$m2/ai/djl/pytorch/pytorch-jni/$PT_JNI_VERSION/pytorch-jni-$PT_JNI_VERSION.jar
    if [[ ! -f $native || ! -f $jni ]]; then
        log "resolving the PyTorch jars with Maven"
        (cd "$ROOT" && ./mvnw -B -q dependency:get -Dtransitive=false \
            -Dartifact="ai.djl.pytorch:pytorch-native-cpu:$PT_NATIVE_VERSION:jar:linux-x86_64" \
         && ./mvnw -B -q dependency:get -Dtransitive=false -Dartifact="ai.djl.pytorch:pytorch-jni:$PT_JNI_VERSION")
    fi
    props=$(unzip -p "$native" native/lib/pytorch.properties)
    version=$(sed -n 's/^version=//p' <<<"$props")
    flavor=$(sed -n 's/^flavor=//p' <<<"$props")
    classifier=$(sed -n 's/^classifier=//p' <<<"$props")
    NATIVES=$WORK/natives-$version-$flavor-djl$DJL_VERSION
    dir=$NATIVES/opt/djl-cache/pytorch/$version-$flavor-$classifier
    if [[ -f $NATIVES/.complete && ${FORCE:-0} != 1 ]]; then
        log "natives cached: $dir"
        return
    fi
    rm -rf "$NATIVES"
    mkdir -p "$dir"
    unzip -q -j -d "$dir" "$native" "pytorch/$flavor/$classifier/*"
    unzip -q -p "$jni" "jnilib/$classifier/$flavor/libdjl_torch.so" > "$dir/$DJL_VERSION-libdjl_torch.so"
    chmod 755 "$dir" "$dir"/*.so*
    log "natives: $(ls "$dir" | tr '\n' ' ')"
    touch "$NATIVES/.complete"
}

layer_tar() { # $1 = folder whose content becomes the layer, $2 = output
    tar --create --file "$2.tmp" --directory "$1" --numeric-owner --sort=name --xattrs \
        --mtime="@${SOURCE_DATE_EPOCH:-1735689600}" --clamp-mtime --exclude=./.complete .
    mv "$2.tmp" "$2"
}

assemble() {
    local layout=$WORK/oci layers=$WORK/layers
    mkdir -p "$layers"
    [[ $layers/debian.tar -nt $ROOTFS/.complete ]] || { log "layer: Debian rootfs"; layer_tar "$ROOTFS" "$layers/debian.tar"; }
    [[ $layers/natives.tar -nt $NATIVES/.complete ]] || { log "layer: DJL natives"; layer_tar "$NATIVES" "$layers/natives.tar"; }
    if [[ -f $BASE_TAR && $BASE_TAR -nt $layers/debian.tar && $BASE_TAR -nt $layers/natives.tar && $BASE_TAR -nt $BASH_SOURCE && ${FORCE:-0} != 1 ]]; then
        log "base image up to date: $BASE_TAR ($BASE_REF)"
        return
    fi
    rm -rf "$layout"
    umoci init --layout "$layout"
    umoci new --image "$layout:base"
    umoci raw add-layer --image "$layout:base" "$layers/debian.tar"
    umoci raw add-layer --image "$layout:base" "$layers/natives.tar"
    umoci config --image "$layout:base" \
        --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        --config.env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 \
        --config.env LANG=C.UTF-8 \
        --config.env ENGINE_CACHE_DIR=/opt/djl-cache \
        --config.env DJL_CACHE_DIR=/var/cache/djl \
        --config.env JAVA_TOOL_OPTIONS=-Dai.djl.offline=true \
        --config.env ONEDNN_MAX_CPU_ISA=AVX2 \
        --config.user 185:185 --config.workingdir /deployments \
        --config.label "dev.baton.base-image=$BASE_REF" \
        --config.label "dev.baton.base-image.content=Debian $SUITE minbase, OpenJDK 17 JRE, DJL $DJL_VERSION PyTorch $PT_NATIVE_VERSION CPU natives in /opt/djl-cache" \
        --os linux --architecture amd64 --author baton \
        --history.comment 'deploy/images/build-base.sh' \
        --config.cmd /bin/bash
    umoci gc --layout "$layout"
    rm -f "$BASE_TAR.tmp"
    skopeo copy --quiet "oci:$layout:base" "docker-archive:$BASE_TAR.tmp:$BASE_REF"
    mv "$BASE_TAR.tmp" "$BASE_TAR"
    echo "$BASE_REF" > "$WORK/baton-base-jvm.ref"
    log "base image: $BASE_TAR ($BASE_REF, $(du -h "$BASE_TAR" | cut -f1))"
}

mkdir -p "$WORK"
need_tools
build_rootfs
build_natives
assemble
echo "$BASE_TAR"
