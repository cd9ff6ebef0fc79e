#!/usr/bin/env bash
# Proves the three service images run, with no Docker: each target/<service>-image.tar (from
# ./mvnw -B package -DskipTests -Pimage ...) is unpacked with skopeo + umoci (umoci writes the OCI runtime
# config: the image's entrypoint and cmd, env, working directory and user), and started as that user in a
# chroot in its own mount and PID namespaces, against the local Kafka and S3Proxy
# (deploy/local/cluster.sh, shared: 127.0.0.1:39092 and :39000). Then:
#   1. each service answers /q/health/ready with 200;
#   2. a small real job goes through the images: a Fashion-MNIST subset uploaded through the gateway
#      image, trained by the trainer image (MobileNetV2, no pretrained weights, 1 epoch), one prediction
#      per class served by the inference image; the trainer's log names the job, so it was this trainer;
#   3. DJL loaded PyTorch from the natives baked into the base (read-only, root-owned /opt/djl-cache,
#      so it could not have extracted them), with -Dai.djl.offline=true: no "Extracting" or "Downloading"
#      line in any log.
# Needs root (chroot, namespaces). Ports 18180-18183 by default (SMOKE_PORT_BASE); logs and unpacked
# images in .baton/images/smoke. Stops what it started on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${BATON_IMAGES_DIR:-$ROOT/.baton/images}/smoke
PORT_BASE=${SMOKE_PORT_BASE:-18180}
KAFKA=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:39092}
S3=${BATON_S3_ENDPOINT:-http://127.0.0.1:39000}
API_KEY=smoke-$(date +%s)
SERVICES=(api-gateway trainer-worker inference-worker)
declare -A PORT=([api-gateway]=$PORT_BASE [trainer-worker]=$((PORT_BASE + 2)) [inference-worker]=$((PORT_BASE + 3)))
declare -A HEAP=([api-gateway]=384m [trainer-worker]=2g [inference-worker]=768m)
PIDS=()

log() { printf '[smoke] %s\n' "$*" >&2; }
fail() { printf '[smoke] FAILED: %s\n' "$*" >&2; exit 1; }

cleanup() {
    # TERM the service itself (the namespace's PID 1, child of unshare: changing user in chroot clears
    # unshare's --kill-child), give it 20 s to stop, then KILL what is left.
    local pid child
    for pid in "${PIDS[@]}"; do
        for child in $(pgrep -P "$pid"); do kill -TERM "$child" 2>/dev/null || true; done
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        for child in $(pgrep -P "$pid"); do kill -KILL "$child" 2>/dev/null || true; done
        kill -KILL "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT

[[ $(id -u) == 0 ]] || fail "run as root (chroot and namespaces)"
for tool in skopeo umoci jq curl unshare chroot; do command -v "$tool" >/dev/null || fail "$tool is missing (deploy/images/build-base.sh installs skopeo, umoci and jq)"; done
(exec 3<>"/dev/tcp/${KAFKA%:*}/${KAFKA##*:}") 2>/dev/null || fail "no Kafka at $KAFKA: start deploy/local/cluster.sh"
curl -s -o /dev/null "$S3" || fail "no S3 endpoint at $S3: start deploy/local/cluster.sh"

unpack() { # $1 service → $WORK/$1/bundle (rootfs + OCI runtime config.json)
    local tar=$ROOT/$1/target/$1-image.tar dir=$WORK/$1
    [[ -f $tar ]] || fail "no image $tar: ./mvnw -B package -DskipTests -Pimage -pl $1 -am"
    if [[ $dir/.unpacked -nt $tar ]]; then
        log "$1: unpacked image is current ($dir)"
        return
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    skopeo copy --quiet "docker-archive:$tar" "oci:$dir/oci:image"
    umoci unpack --image "$dir/oci:image" "$dir/bundle" >/dev/null
    touch "$dir/.unpacked"
}

start() { # $1 service: runs the image's process as its user, in a chroot, in new mount and PID namespaces
    local s=$1 bundle=$WORK/$1/bundle rootfs uid gid cwd
    rootfs=$bundle/rootfs
    uid=$(jq -r '.process.user.uid' "$bundle/config.json")
    gid=$(jq -r '.process.user.gid' "$bundle/config.json")
    cwd=$(jq -r '.process.cwd' "$bundle/config.json")
    mapfile -t args < <(jq -r '.process.args[]' "$bundle/config.json")
    mapfile -t envs < <(jq -r '.process.env[]' "$bundle/config.json")
    local tool_options
    tool_options=$(printf '%s\n' "${envs[@]}" | sed -n 's/^JAVA_TOOL_OPTIONS=//p')
    envs+=("JAVA_TOOL_OPTIONS=$tool_options -Xmx${HEAP[$s]}"
        "PORT=${PORT[$s]}" "KAFKA_BOOTSTRAP_SERVERS=$KAFKA" "BATON_S3_ENDPOINT=$S3"
        "BATON_S3_ACCESS_KEY=${BATON_S3_ACCESS_KEY:-baton}" "BATON_S3_SECRET_KEY=${BATON_S3_SECRET_KEY:-baton-local-secret}"
        "BATON_ADMIN_API_KEY=$API_KEY" "BATON_TRAINER_WORKER_ID=image-smoke-$$"
        "BATON_PROVISIONING_ENABLED=$([[ $s == api-gateway ]] && echo true || echo false)")
    ! curl -s -o /dev/null "http://127.0.0.1:${PORT[$s]}/" || fail "port ${PORT[$s]} is in use: set SMOKE_PORT_BASE"
    log "$s: uid $uid, cwd $cwd, ${args[*]}"
    unshare --mount --pid --fork --kill-child --propagation private -- /bin/sh -c '
        r=$1; shift
        mount --rbind /dev "$r/dev" && mount -t proc proc "$r/proc" && mount -t tmpfs tmpfs "$r/tmp" || exit 1
        exec "$@"' sh "$rootfs" \
        chroot --userspec="$uid:$gid" "$rootfs" /usr/bin/env -i -C "$cwd" "${envs[@]}" "${args[@]}" \
        > "$WORK/$s.log" 2>&1 &
    PIDS+=($!)
}

await_ready() { # $1 service
    local s=$1 code body
    for _ in $(seq 1 240); do
        body=$(curl -s -w '\n%{http_code}' "http://127.0.0.1:${PORT[$s]}/q/health/ready" || true)
        code=${body##*$'\n'}
        [[ $code == 200 ]] && { log "$s ready on :${PORT[$s]}"; return; }
        # The shared store may hold other sessions' broken model versions, which keep the inference worker's
        # `models` check DOWN whatever the image (a worker-level behaviour); accept that one, nothing else.
        if [[ $s == inference-worker && $code == 503 ]] && jq -e '[.checks[] | select(.status != "UP") | .name] == ["models"]
                and (.checks[] | select(.name == "models") | .data.failed // "" | test("@v[0-9]+="))' <<<"${body%$'\n'*}" >/dev/null 2>&1; then
            log "$s up on :${PORT[$s]}; every check UP but 'models': it loaded $(jq -r '.checks[] | select(.name == "models") | .data.loaded' <<<"${body%$'\n'*}") and refused others' broken versions: $(jq -r '.checks[] | select(.name == "models") | .data.failed' <<<"${body%$'\n'*}" | grep -o '@v[0-9]*=' | wc -l) failed"
            return
        fi
        sleep 1
    done
    tail -30 "$WORK/$s.log" >&2
    fail "$s not ready in 240 s (last status $code); log $WORK/$s.log"
}

mkdir -p "$WORK"
t0=$(date +%s)
for s in "${SERVICES[@]}"; do unpack "$s"; done
log "unpacked in $(( $(date +%s) - t0 )) s: $(du -sh "$WORK" | cut -f1)"
t0=$(date +%s)
for s in "${SERVICES[@]}"; do start "$s"; await_ready "$s"; done
log "all ready in $(( $(date +%s) - t0 )) s"

# A small job through the three images.
export BATON_GATEWAY=http://127.0.0.1:${PORT[api-gateway]} BATON_API_KEY=$API_KEY
cli=$ROOT/deploy/local/baton
name=image-smoke-$(date +%s)
data=$WORK/data
rm -rf "$data"
"$cli" make-dataset fashion-mnist --out "$data" --per-class 12 --test-per-class 1 --seed 7 >/dev/null
"$cli" datasets upload "$name" "$data/train" >/dev/null
t0=$(date +%s)
out=$("$cli" jobs submit --model "$name" --dataset "$name" --base mobilenet_v2 --pretrained none --strategy full \
    --image-size 64 --epochs 1 --batch-size 16 --seed 7 --follow 2>&1) || { echo "$out" >&2; fail "the job did not succeed"; }
echo "$out" | tail -3 >&2
job=$(sed -n 's/^job \(job-[0-9a-f]*\) .*/\1/p' <<<"$out" | head -1)
[[ -n $job ]] || fail "no job id in: $out"
state=$("$cli" jobs get "$job")
log "job $job trained in $(( $(date +%s) - t0 )) s: $(jq -c '{state, workerId, epoch}' <<<"$state")"
[[ $(jq -r .workerId <<<"$state") == "image-smoke-$$" ]] || fail "job $job was not trained by the trainer image (worker $(jq -r .workerId <<<"$state"))"
predicted=0
for img in "$data"/test/*/*; do
    "$cli" predict --model "$name" "$img" >/dev/null && predicted=$((predicted + 1))
done
((predicted > 0)) || fail "no prediction served"
log "$predicted predictions served by the inference image"

# DJL used the natives of the image, offline.
if grep -E 'Extracting|Downloading' "$WORK"/*.log; then fail "DJL extracted or downloaded natives at run time"; fi
grep -q -- '-Dai.djl.offline=true' <(printf '%s\n' "$(jq -r '.process.env[]' "$WORK/trainer-worker/bundle/config.json")") \
    || fail "the trainer image does not set -Dai.djl.offline=true"
grep -q 'PtEngine' "$WORK/trainer-worker.log" || fail "the trainer image's log has no PyTorch engine line"
grep -m1 'PtEngine' "$WORK/trainer-worker.log" | cut -c1-120 >&2
ls -ld "$WORK/trainer-worker/bundle/rootfs/opt/djl-cache/pytorch/"*/ >&2
log "OK: 3 images ready, job $job trained and $predicted predictions served, PyTorch natives from the image, nothing extracted or downloaded"
