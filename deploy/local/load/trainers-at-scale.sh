#!/usr/bin/env bash
# Trainers at scale, measured: LOAD_TRAINERS trainer processes (6), LOAD_JOBS tiny jobs (60) submitted
# through the gateway in LOAD_BURSTS bursts (4, every LOAD_BURST_EVERY s: 20); once a quarter of the jobs
# ended, a trainer that holds a job is killed with SIGKILL, and 10 s later the broker restarts.
# Expects every job SUCCEEDED, one model version per job and no job with two versions; reports the
# longest time a job waited while a trainer was idle. Exit 1 when an expectation fails.
# Starts its own platform (common.sh: BATON_HOME, ports) and stops everything it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
export BATON_TRAINERS="${LOAD_TRAINERS:-6}" BATON_INFERENCE_WORKERS=1
jobs="${LOAD_JOBS:-60}"
started=$(date +%s)

echo "== starting Kafka, S3Proxy, the gateway, $BATON_TRAINERS trainers and an inference worker"
"$cluster" up --no-prometheus
echo "== base and dataset ($(( $(date +%s) - started )) s)"
"$baton" base import-nsfwjs --if-missing
tiny_dataset load-tiny >/dev/null

candidates=$(seq -s, -f 'trainer-worker-%g' 2 "$BATON_TRAINERS")
echo "== $jobs jobs ($(( $(date +%s) - started )) s; load: $(uptime | sed 's/.*load average/load average/'))"
status=0
python3 "$load_dir/load.py" --gateway "$gateway" --key "$BATON_API_KEY" --home "$BATON_HOME" trainers \
  --job "$(tiny_job load-tiny)" --model-prefix "load-$(date +%H%M%S)" --models 6 --jobs "$jobs" \
  --bursts "${LOAD_BURSTS:-4}" --burst-every "${LOAD_BURST_EVERY:-20}" --trainers "$BATON_TRAINERS" \
  --kill-candidates "$candidates" --broker-stop "'$cluster' stop kafka" --broker-start "'$cluster' start"  || status=$?
echo "== done in $(( $(date +%s) - started )) s (load: $(uptime | sed 's/.*load average/load average/'))"
exit $status
