#!/usr/bin/env bash
# Serving under faults, measured: LOAD_SECONDS (60) of predictions through the gateway by LOAD_CLIENTS
# (16) concurrent clients, with 2 inference workers; inference-worker-2 is killed with SIGKILL at
# LOAD_KILL_AT (15 s) and restarted at LOAD_RESTART_AT (25 s); the run goes on at least 20 s after it is ready.
# Expects every request answered 200 or a clean 429/503/504 within its deadline (the gateway's 10 s
# predict timeout + 2 s), none hanging, and only 200 in the last 5 s (and 429 where LOAD_CLIENTS exceeds the
# gateway's 64 predicts in flight: load shed by design); reports p50/p99 before, during and
# after, and the counts per status. Exit 1 when an expectation fails.
# Starts its own platform (common.sh: BATON_HOME, ports) and stops everything it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
export BATON_TRAINERS=1 BATON_INFERENCE_WORKERS=2
started=$(date +%s)

echo "== starting Kafka, S3Proxy, the gateway, a trainer and 2 inference workers"
"$cluster" up --no-prometheus
echo "== base, dataset and a tiny model ($(( $(date +%s) - started )) s)"
"$baton" base import-nsfwjs --if-missing
held_out=$(tiny_dataset load-tiny)
image=$(find "$held_out" -name '*.png' | sort | head -n 1)
model="serve-$(date +%H%M%S)"
job=$(curl -sf -X POST -H "X-API-Key: $BATON_API_KEY" -H 'Content-Type: application/json' \
  -d "$(tiny_job load-tiny | sed "s/^{/{\"modelName\":\"$model\",/")" "$gateway/api/v1/training-jobs" | jq -r .jobId)
"$baton" jobs follow "$job"
# Both workers serve the new version before the clock starts.
for attempt in $(seq 1 60); do
  ok=0
  for i in 1 2 3 4 5 6; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-API-Key: $BATON_API_KEY" -H 'Content-Type: image/png' \
      --data-binary @"$image" "$gateway/api/v1/models/$model/predict")" = 200 ] && ok=$((ok + 1))
  done
  [ "$ok" = 6 ] && break
  sleep 2
done

echo "== ${LOAD_SECONDS:-60} s of predictions ($(( $(date +%s) - started )) s; load: $(uptime | sed 's/.*load average/load average/'))"
status=0
python3 "$load_dir/load.py" --gateway "$gateway" --key "$BATON_API_KEY" --home "$BATON_HOME" serving \
  --model "$model" --image "$image" --clients "${LOAD_CLIENTS:-16}" --seconds "${LOAD_SECONDS:-60}" \
  --kill-at "${LOAD_KILL_AT:-15}" --restart-at "${LOAD_RESTART_AT:-25}" --victim inference-worker-2 \
  --restart "'$cluster' up --no-prometheus"  || status=$?
echo "== done in $(( $(date +%s) - started )) s (load: $(uptime | sed 's/.*load average/load average/'))"
exit $status
