# Shared by the load drivers (source it): a private platform for a load run, its API key, the tiny
# Fashion-MNIST dataset, and a trap that stops every process the run started.
#
# The run lives in BATON_HOME (default .baton/load, git-ignored) on the ports of cluster.sh's variables
# (BATON_GATEWAY_PORT, BATON_TRAINER_PORT, ...): set them when another cluster runs on this machine.
load_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export BATON_HOME="${BATON_HOME:-$(cd "$load_dir/../../.." && pwd)/.baton/load}"
source "$load_dir/../lib.sh"
cluster="$root/deploy/local/cluster.sh"
baton="$root/deploy/local/baton"
gateway="http://127.0.0.1:${BATON_GATEWAY_PORT:-8080}"
export BATON_GATEWAY="$gateway"
export BATON_ADMIN_API_KEY="load-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export BATON_API_KEY="$BATON_ADMIN_API_KEY"
export BATON_S3_ENDPOINT="http://127.0.0.1:${BATON_S3_PORT:-39000}"  # the CLI imports the base through S3

require_java17
for module in api-gateway trainer-worker inference-worker; do
  [ -f "$root/$module/target/quarkus-app/quarkus-run.jar" ] \
    || { echo "error: no build of $module: run ./mvnw -B install -DskipTests first" >&2; exit 1; }
done
if "$cluster" status 2>/dev/null | grep -q ': running'; then
  echo "error: services of $BATON_HOME already run ('$cluster status'); a load run starts and stops its own" >&2
  exit 1
fi
mkdir -p "$BATON_HOME"
# The CLI unpacks DJL's natives into $BATON_HOME/djl-cache: share the checkout's copy (430 MB).
[ -e "$BATON_HOME/djl-cache" ] || [ ! -d "$root/.baton/djl-cache" ] || ln -s "$root/.baton/djl-cache" "$BATON_HOME/djl-cache"
stop_all() {
  echo "== stopping everything this run started"
  "$cluster" stop || true
}
trap stop_all EXIT

# tiny_dataset <name>: 4 Fashion-MNIST images per class (28 px PNGs), uploaded unless there; prints the
# folder of its held-out images.
tiny_dataset() {
  local name="$1" folder="$BATON_HOME/datasets/$1"
  [ -d "$folder/train" ] || "$baton" make-dataset fashion-mnist --out "$folder" --per-class 4 --test-per-class 1 \
    --seed 42 >&2
  "$baton" datasets describe "$name" >/dev/null 2>&1 || "$baton" datasets upload "$name" "$folder/train" >&2
  echo "$folder/test"
}

# The tiny job: the frozen pretrained MobileNetV2 with a GAP head, one epoch at 32 px.
tiny_job() {
  printf '{"dataset":"%s","strategy":"feature_extraction","head":"gap","epochs":1,"imageSize":32,"batchSize":8}' "$1"
}
