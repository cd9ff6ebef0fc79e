#!/usr/bin/env bash
# Learning-quality benchmark (issue "good models by default"). NOT part of the tests; offline.
#
#   bench/learning/run.sh                       # every dataset, every row (long: about an hour on 2 cores)
#   DATASETS=fmnist10k ROWS="auto" bench/learning/run.sh
#   bench/learning/run.sh -- --data DIR --row auto --budget 12    # one raw LearningBench run
#
# Datasets (made here from Debian packages, with train/ and test/ splits):
#   fmnist10k   Fashion-MNIST, 1,000 training images per class, 200 test images per class (dataset-fashion-mnist)
#   fmnist100   Fashion-MNIST, 100 training images per class, 200 test images per class (small-data regime)
#   faces       scikit-image's lfw_subset: face vs non-face crops, 3/4 train, 1/4 test (python3-skimage)
# Rows: auto (Baton, no flags but the budget), grid (the hand-tuned runs of grid.txt: its best run is the
# "best hand-tuned" figure), logreg (logistic regression on raw pixels, Debian python3-sklearn), torch (the
# PyTorch reference: auto's fine-tune recipe, 5 epochs, on the same base weights, inputs and split, Debian
# python3-torch; ExportTensors writes Baton's preprocessed images once per dataset, bench/learning/pytorch_finetune.py).
# The engine's speed against PyTorch eager is bench/run.sh's, not this one's.
set -euo pipefail
export ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX2}"  # README, "Known issues"
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OUT=bench/target/learning
mkdir -p "$OUT/classes" "$OUT/transfer-classes"
DATASETS=${DATASETS:-"fmnist10k fmnist100 faces"}
ROWS=${ROWS:-"logreg auto grid torch"}
BUDGET=${BUDGET:-12}
THREADS=${THREADS:-2}

if [ ! -s bench/target/deps.txt ] || [ transfer/pom.xml -nt bench/target/deps.txt ]; then
  mkdir -p bench/target
  ./mvnw -q -B -o -pl transfer dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$ROOT/bench/target/deps.txt" >/dev/null
fi
DEPS=$(cat bench/target/deps.txt)
rm -rf "$OUT/transfer-classes"/* "$OUT/classes"/*
javac -nowarn -d "$OUT/transfer-classes" -cp "$DEPS" $(find transfer/src/main/java -name '*.java') 2>&1 | grep -v '^Note:' || true
cp -r transfer/src/main/resources/. "$OUT/transfer-classes/"
CP="$OUT/transfer-classes:$DEPS"
javac -d "$OUT/classes" -cp "$CP" $(find bench/learning/java -name '*.java')
CP="$OUT/classes:$CP"
export OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS
JAVA=(java -Xmx6g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.logFile=System.err
      -Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1
      -DDJL_CACHE_DIR="$ROOT/.baton/djl-cache" -DENGINE_CACHE_DIR="$ROOT/.baton/djl-cache" -cp "$CP")

if [ "${1:-}" = "--" ]; then
  shift
  exec "${JAVA[@]}" dev.baton.bench.learning.LearningBench --base "$OUT/base" "$@"
fi

# The offline pretrained base, exported once in Baton's format.
if [ ! -f "$OUT/base/base-manifest.json" ]; then
  NSFWJS=$(deploy/base-models/fetch-nsfwjs.sh)
  "${JAVA[@]}" dev.baton.bench.learning.ExportBase "$NSFWJS" "$OUT/base"
fi
# The datasets.
make_data() {
  local name=$1
  [ -d "$OUT/data/$name/test" ] && return 0
  case $name in
    fmnist10k) "${JAVA[@]}" dev.baton.transfer.data.FashionMnistConverter /usr/share/datasets/fashion-mnist "$OUT/data/$name" 1000 7 200 ;;
    fmnist100) "${JAVA[@]}" dev.baton.transfer.data.FashionMnistConverter /usr/share/datasets/fashion-mnist "$OUT/data/$name" 100 7 200 ;;
    faces) /usr/bin/python3 bench/learning/make_faces.py "$OUT/data/$name" ;;
  esac
}
RESULTS="$OUT/results.tsv"
: > "$RESULTS.new"
for ds in $DATASETS; do
  make_data "$ds"
  for row in $ROWS; do
    case $row in
      logreg) /usr/bin/python3 bench/learning/logreg.py "$OUT/data/$ds" "$ds" >> "$RESULTS.new" ;;
      auto) "${JAVA[@]}" dev.baton.bench.learning.LearningBench --base "$OUT/base" --data "$OUT/data/$ds" --name "$ds" \
              --row auto --budget "$BUDGET" 2>> "$OUT/$ds-auto.log" >> "$RESULTS.new" ;;
      grid) while read -r line; do
              [ -z "$line" ] || [[ $line == \#* ]] && continue
              # shellcheck disable=SC2086
              "${JAVA[@]}" dev.baton.bench.learning.LearningBench --base "$OUT/base" --data "$OUT/data/$ds" --name "$ds" \
                --row grid $line 2>> "$OUT/$ds-grid.log" >> "$RESULTS.new"
            done < bench/learning/grid.txt ;;
      torch) if [ ! -f "$OUT/tensors/$ds/test-y.npy" ]; then
               "${JAVA[@]}" dev.baton.bench.learning.ExportTensors "$OUT/base" "$OUT/data/$ds" "$OUT/tensors/$ds" \
                 2>> "$OUT/$ds-torch.log"
             fi
             /usr/bin/python3 bench/learning/pytorch_finetune.py "$OUT/tensors/$ds" \
               "$OUT/base/mobilenet_v2-nsfwjs-4.4.0.safetensors" "$ds" --threads "$THREADS" \
               2>> "$OUT/$ds-torch.log" >> "$RESULTS.new" ;;
    esac
  done
done
mv "$RESULTS.new" "$RESULTS"
/usr/bin/python3 bench/learning/table.py "$RESULTS"
