#!/usr/bin/env bash
# Inference serving benchmark (NOT part of the tests): the worker's DynamicBatcher on a real
# MobileNetV2 bundle at several request rates and max batch sizes, against the raw engine's
# batched predict throughput on the same model. Offline.
#
#   bench/inference/run.sh                                  # width=1.0 size=96, batches 1..32
#   bench/inference/run.sh size=224 seconds=10 loads=0.1,0.5
#   bench/inference/run.sh batches=1,8,32 loads=0.1,0.5 dispatch=idle,wait   # the batcher's two modes side by side
#   CONFIGS="1x2 2x1" bench/inference/run.sh batches=1,8 loads=0.1,0.5 dispatch=idle   # serving lanes x threads
#   bench/inference/run.sh kafka-path rate=5 seconds=20 rounds=2   # the whole request path through the local
#                                                                   # broker and S3Proxy, former vs current settings
set -euo pipefail
export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX2}"  # README, "Known issues"
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OUT=bench/inference/target
mkdir -p "$OUT/classes"
# compile in the reactor (-am), never install: sibling modules resolve to their target/classes
# (the last module, inference-worker, writes deps.txt last)
./mvnw -q -B -o -pl inference-worker -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$ROOT/$OUT/deps.txt" >/dev/null
CP="inference-worker/target/classes:$(cat $OUT/deps.txt)"
javac -d "$OUT/classes" -cp "$CP" $(find bench/inference/java -name '*.java')
MAIN=dev.baton.bench.inference.InferenceBench
if [ "${1:-}" = kafka-path ]; then
  MAIN=dev.baton.bench.inference.KafkaPathBench
  shift
fi
THREADS=${THREADS:-2}
# CONFIGS: serving lanes x intra-op threads, one JVM each, back to back (the thread count is
# per process); e.g. CONFIGS="1x2 2x1" compares one 2-thread lane with two 1-thread lanes.
CONFIGS=${CONFIGS:-"1x$THREADS"}
[ "$MAIN" = dev.baton.bench.inference.KafkaPathBench ] && CONFIGS="1x$THREADS"
: > "$OUT/bench.log"
for config in $CONFIGS; do
  lanes=${config%x*}; threads=${config#*x}
  args=("$@")
  [ "$MAIN" = dev.baton.bench.inference.InferenceBench ] && args=(lanes="$lanes" "$@")
  echo "== $lanes lane(s) x $threads intra-op thread(s)"
  java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=1 \
    -DDJL_CACHE_DIR="$ROOT/.baton/djl-cache" -DENGINE_CACHE_DIR="$ROOT/.baton/djl-cache" \
    -cp "$OUT/classes:$CP" "$MAIN" "${args[@]}" 2>> "$OUT/bench.log"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
