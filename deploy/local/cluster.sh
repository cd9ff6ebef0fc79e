#!/usr/bin/env bash
# Fetches, starts, checks and stops Baton's local services: a Kafka 4.x broker (KRaft) and S3Proxy,
# and on request the three Baton services and a Prometheus that scrapes them.
#
#   deploy/local/cluster.sh fetch            fetch the distributions (Maven Central; Prometheus: Debian's package) (cached)
#   deploy/local/cluster.sh start            start the broker and S3Proxy unless running, wait until really ready
#   deploy/local/cluster.sh up               the same, then the three services from their builds (./mvnw install first)
#                                            and Prometheus scraping them (--no-prometheus: without it)
#   deploy/local/cluster.sh stop [service]   stop what these scripts started (all, or kafka, s3proxy, api-gateway,
#                                            trainer-worker, inference-worker, prometheus, trainer-worker-2, ...)
#   deploy/local/cluster.sh status           PID and readiness of each service; Prometheus' view of the services (up)
#   deploy/local/cluster.sh env              the endpoints as shell variables
#
# Ports and folders: BATON_HOME (default .baton), BATON_KAFKA_PORT (39092),
# BATON_KAFKA_CONTROLLER_PORT (39093), BATON_S3_PORT (39000), BATON_S3_ACCESS_KEY, BATON_S3_SECRET_KEY,
# BATON_GATEWAY_PORT (8080), BATON_TRAINER_PORT (8082), BATON_INFERENCE_PORT (8083), BATON_PROMETHEUS_PORT (39090),
# BATON_PROMETHEUS_SCRAPE_INTERVAL (seconds, 5). Logs: $BATON_HOME/logs.
# Several workers: BATON_TRAINERS and BATON_INFERENCE_WORKERS (1 each): 'up' runs trainer-worker, trainer-worker-2, ...
# on BATON_TRAINER_PORT, +1, ... (each with its own PID file, log, work folder and trainer worker id; Prometheus
# scrapes the first of each); 'stop' and 'status' find every instance whatever the counts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_java17
build_module deploy/local/cluster
if [ "${1:-status}" = fetch ]; then
  "$root/deploy/local/fetch-prometheus.sh"
  echo "distributions in $root/.baton/dist"
  exit 0
fi
run_main deploy/local/cluster dev.baton.local.LocalClusterCli "$@"
