#!/usr/bin/env bash
# Baton's run command: the whole local platform and its main job, end to end.
#
#   1. builds Baton (first time) and starts the real Kafka broker and S3Proxy, the gateway, one
#      trainer and one inference worker as separate processes (logs in .baton/logs);
#   2. imports the offline pretrained MobileNetV2 base (npm nsfwjs@4.4.0) unless registered;
#   3. builds the demo dataset from Debian's Fashion-MNIST package and uploads it through the gateway;
#   4. submits a training job with every default (strategy auto: head search on the frozen base,
#      then a fine-tune that fits the time budget) and follows its trials and epochs;
#   5. sends held-out images for prediction and prints predicted vs true labels.
#
# Stop everything with: deploy/local/cluster.sh stop
# Sizes: DEMO_PER_CLASS (training images per class, default 300), DEMO_BUDGET_MINUTES (the job's time
# budget, default 2), DEMO_TEST_PER_CLASS (held-out images per class, default 1).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
per_class="${DEMO_PER_CLASS:-300}"
budget="${DEMO_BUDGET_MINUTES:-2}"
test_per_class="${DEMO_TEST_PER_CLASS:-1}"
demo="$home/demo"
baton="$root/deploy/local/baton"
started=$(date +%s)
step() { printf '\n== %s (%ds)\n' "$1" "$(( $(date +%s) - started ))"; }

require_java17
if [ ! -d /usr/share/datasets/fashion-mnist ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    step "installing Debian's dataset-fashion-mnist"
    apt-get install -y -qq dataset-fashion-mnist >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist >/dev/null; }
  else
    echo "error: the demo dataset needs Debian's package: sudo apt-get install dataset-fashion-mnist" >&2
    exit 1
  fi
fi
command -v npm >/dev/null || { echo "error: npm is needed once to fetch the offline base (Debian: apt-get install npm)" >&2; exit 1; }

mkdir -p "$demo"
# The API key of this local platform: made once, kept in .baton/demo/api-key.
[ -f "$demo/api-key" ] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$demo/api-key"
export BATON_ADMIN_API_KEY="$(cat "$demo/api-key")"
export BATON_API_KEY="$BATON_ADMIN_API_KEY"

step "building Baton (skipped when up to date)"
if [ -z "$(find "$root/api-gateway/target/quarkus-app/quarkus-run.jar" -newer "$root/pom.xml" 2>/dev/null)" ] \
   || [ -n "$(find "$root"/*/src -newer "$root/api-gateway/target/quarkus-app/quarkus-run.jar" -print -quit 2>/dev/null)" ]; then
  "$root/mvnw" -q -B -f "$root/pom.xml" install -DskipTests
  mark_built deploy/local/cluster cli
fi

step "starting Kafka, S3Proxy, api-gateway, trainer-worker and inference-worker"
"$root/deploy/local/cluster.sh" up

console="http://127.0.0.1:${BATON_GATEWAY_PORT:-8080}/console"
echo "Watch the job train in the console: $console   (paste the API key $(cat "$demo/api-key"))"

step "importing the offline pretrained MobileNetV2 base"
"$baton" base import-nsfwjs --if-missing

step "building the demo dataset from Fashion-MNIST ($per_class images per class)"
"$baton" make-dataset fashion-mnist --out "$demo/fashion-$per_class" --per-class "$per_class" \
  --test-per-class "$test_per_class" --seed 42
dataset="fashion-mnist-$per_class"
"$baton" datasets describe "$dataset" >/dev/null 2>&1 || "$baton" datasets upload "$dataset" "$demo/fashion-$per_class/train"

step "training on $dataset with the defaults (strategy auto, a budget of $budget min)"
"$baton" jobs submit --model fashion --dataset "$dataset" --budget-minutes "$budget" --follow

step "predicting held-out images"
"$baton" predict --model fashion --labels-from-folders "$demo/fashion-$per_class/test"

step "done in $(( $(date +%s) - started )) s"
cat <<TXT
Where to look next:
  console           $console   (paste the API key: $(cat "$demo/api-key"))
  Swagger UI        http://127.0.0.1:${BATON_GATEWAY_PORT:-8080}/q/swagger-ui   (API key: $(cat "$demo/api-key"))
  metrics           http://127.0.0.1:${BATON_GATEWAY_PORT:-8080}/q/metrics  :${BATON_TRAINER_PORT:-8082}/q/metrics  :${BATON_INFERENCE_PORT:-8083}/q/metrics
  Prometheus        http://127.0.0.1:${BATON_PROMETHEUS_PORT:-39090}/classic/graph?g0.expr=baton_trainer_epoch_loss%7Bmodel%3D%22fashion%22%7D&g0.tab=0&g0.range_input=1h   (the job's loss curve)
  model bundles     s3://baton-models/models/fashion/ at http://127.0.0.1:${BATON_S3_PORT:-39000} (deploy/local/cluster.sh env)
  logs              $home/logs
  the CLI           export BATON_API_KEY=$(cat "$demo/api-key"); deploy/local/baton --help
  stop everything   deploy/local/cluster.sh stop
TXT
echo
echo "Open the console: $console"
echo "API key to paste: $(cat "$demo/api-key")"
