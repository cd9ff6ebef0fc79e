#!/usr/bin/env bash
# Baton benchmark driver: for every (model, size, mode[, strategy]) runs the Baton (DJL/Java) side
# and the PyTorch eager side (bench/pytorch_reference.py, Debian python3-torch) on the same
# workload, one process per measurement (so VmHWM is per measurement), then prints a table.
# NOT part of the test suite. Everything is offline.
#
#   bench/run.sh                                   # full matrix, defaults below
#   MODELS=mobilenet_v2 SIZES=96 ITERS=3 bench/run.sh
#   bench/run.sh feature-cache                     # 10-epoch FE job vs one base forward pass
#
# Environment (defaults): MODELS="vgg16 mobilenet_v2" SIZES="224 96" BATCH=8 WARMUP=12 ITERS=10
# (Baton needs about ten iterations to reach its steady speed in training mode; with 2 warm-up iterations a
# MobileNetV2 FEATURE_EXTRACTION step measured 3.7x slower than after 12: see bench/RESULTS.md)
# THREADS=2 SEED=42 REPEAT=1 (REPEAT=3: three Baton/PyTorch pairs per row, alternating which runs
# first; the table gives the median of each side and the range of the pairs' ratios); vgg16 at >= 160 px uses HEAVY_BATCH=2 HEAVY_WARMUP=1 HEAVY_ITERS=2 to stay
# within minutes on 2 shared cores.
set -euo pipefail
export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX2}"  # README, "Known issues"
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODELS=${MODELS:-"vgg16 mobilenet_v2"}
SIZES=${SIZES:-"224 96"}
BATCH=${BATCH:-8}
WARMUP=${WARMUP:-12}
ITERS=${ITERS:-10}
HEAVY_BATCH=${HEAVY_BATCH:-2}
HEAVY_WARMUP=${HEAVY_WARMUP:-1}
HEAVY_ITERS=${HEAVY_ITERS:-2}
THREADS=${THREADS:-2}
SEED=${SEED:-42}
REPEAT=${REPEAT:-1}
PY=/usr/bin/python3
OUT=bench/target/out
mkdir -p "$OUT" bench/target/classes bench/target/transfer-classes

# Build: the transfer module's main sources and the bench classes with javac into bench/target
# (not transfer/target, which other builds share). Maven only resolves the dependency classpath.
if [ ! -s bench/target/deps.txt ] || [ transfer/pom.xml -nt bench/target/deps.txt ]; then
  ./mvnw -q -B -o -pl transfer dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$ROOT/bench/target/deps.txt" >/dev/null
fi
DEPS=$(cat bench/target/deps.txt)
rm -rf bench/target/transfer-classes/* bench/target/classes/*
javac -nowarn -d bench/target/transfer-classes -cp "$DEPS" $(find transfer/src/main/java -name '*.java') 2>&1 | grep -v '^Note:' || true
cp -r transfer/src/main/resources/. bench/target/transfer-classes/
CP="bench/target/transfer-classes:$DEPS"
javac -d bench/target/classes -cp "$CP" $(find bench/java -name '*.java')
CP="bench/target/classes:$CP"
export OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS
JAVA=(java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.logFile=System.err -Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=$THREADS
      -DDJL_CACHE_DIR="$ROOT/.baton/djl-cache" -DENGINE_CACHE_DIR="$ROOT/.baton/djl-cache" -cp "$CP")

if [ "${1:-}" = "feature-cache" ]; then
  shift
  "${JAVA[@]}" dev.baton.bench.FeatureCacheBench "$@" 2> "$OUT/feature-cache.log"
  exit 0
fi

run_baton() { "${JAVA[@]}" dev.baton.bench.BatonBench "${opts[@]}" 2>> "$OUT/java.log" >> "$RESULTS"; }
run_pytorch() { "$PY" bench/pytorch_reference.py "${opts[@]}" 2>> "$OUT/python.log" >> "$RESULTS"; }

RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
: > "$OUT/java.log"
: > "$OUT/python.log"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for model in $MODELS; do
  for size in $SIZES; do
    w=$WARMUP; n=$ITERS; bs=$BATCH
    if [ "$model" = vgg16 ] && [ "$size" -ge 160 ]; then w=$HEAVY_WARMUP; n=$HEAVY_ITERS; bs=$HEAVY_BATCH; fi
    for job in "train FULL" "train FEATURE_EXTRACTION" "infer FULL"; do
      set -- $job
      opts=(--model "$model" --size "$size" --mode "$1" --strategy "$2" --batch "$bs"
            --warmup "$w" --iters "$n" --threads "$THREADS" --seed "$SEED")
      for rep in $(seq "$REPEAT"); do
        echo "running $model $size $1 $2 (warmup $w, iters $n, batch $bs, repetition $rep of $REPEAT)" >&2
        # alternate which side goes first, so a slow spell of the host hits both alike
        if [ $((rep % 2)) -eq 1 ]; then order="baton pytorch"; else order="pytorch baton"; fi
        for side in $order; do run_$side; done
      done
    done
  done
done
{ "$PY" bench/table.py "$RESULTS"
  echo
  echo "Host: $(nproc) CPUs; load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/table.md"
