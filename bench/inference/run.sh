#!/usr/bin/env bash
# Inference serving benchmark (NOT part of the tests): the worker's DynamicBatcher on a real
# MobileNetV2 bundle at several request rates and max batch sizes, against the raw engine's
# batched predict throughput on the same model. Offline.
#
#   bench/inference/run.sh                                  # width=1.0 size=96, batches 1..32
#   bench/inference/run.sh size=224 seconds=10 loads=0.1,0.5
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OUT=bench/inference/target
mkdir -p "$OUT/classes"
./mvnw -q -B -o -pl contracts,transfer,service-support install -Dmaven.test.skip=true
./mvnw -q -B -o -pl inference-worker compile
./mvnw -q -B -o -pl inference-worker dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$ROOT/$OUT/deps.txt" >/dev/null
CP="inference-worker/target/classes:$(cat $OUT/deps.txt)"
javac -d "$OUT/classes" -cp "$CP" $(find bench/inference/java -name '*.java')
THREADS=${THREADS:-2}
java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1 \
  -DDJL_CACHE_DIR="$ROOT/.baton/djl-cache" -DENGINE_CACHE_DIR="$ROOT/.baton/djl-cache" \
  -cp "$OUT/classes:$CP" dev.baton.bench.inference.InferenceBench "$@" 2> "$OUT/bench.log"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
