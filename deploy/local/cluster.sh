#!/usr/bin/env bash
# Fetches, starts, checks and stops Baton's local services: a Kafka 4.x broker (KRaft) and S3Proxy.
#
#   deploy/local/cluster.sh fetch            fetch the distributions from Maven Central (cached)
#   deploy/local/cluster.sh start            start the broker and S3Proxy unless running, wait until really ready
#   deploy/local/cluster.sh up               the same, then the three services from their builds (./mvnw install first)
#   deploy/local/cluster.sh stop [service]   stop what these scripts started (all, or kafka, s3proxy, api-gateway, trainer-worker, inference-worker)
#   deploy/local/cluster.sh status           PID and readiness of each service
#   deploy/local/cluster.sh env              the endpoints as shell variables
#
# Ports and folders: BATON_HOME (default .baton), BATON_KAFKA_PORT (39092),
# BATON_KAFKA_CONTROLLER_PORT (39093), BATON_S3_PORT (39000), BATON_S3_ACCESS_KEY, BATON_S3_SECRET_KEY.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
module="$root/deploy/local/cluster"
home="${BATON_HOME:-$root/.baton}"

require_java17() {
  if ! command -v java >/dev/null 2>&1; then
    echo "error: no 'java' on PATH: install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)" >&2
    exit 1
  fi
  local version
  version="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  if [ "${version%%.*}" -lt 17 ] 2>/dev/null; then
    echo "error: Java $version found, Baton needs Java 17 or newer (set JAVA_HOME or PATH)" >&2
    exit 1
  fi
}

fetch() {
  local stamp="$module/target/.built"
  if [ -f "$stamp" ] && [ -f "$module/target/classpath.txt" ] \
     && [ -d "$home/dist/kafka" ] && [ -f "$home/dist/s3proxy/s3proxy.jar" ] \
     && [ -z "$(find "$module/src" "$module/pom.xml" -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  echo "fetching the local services through Maven (first time only)..." >&2
  BATON_HOME="$home" "$root/mvnw" -q -B -f "$root/pom.xml" -pl deploy/local/cluster -am package -DskipTests \
    -Dbaton.root="$root" >&2
  touch "$stamp"
}

require_java17
command="${1:-status}"
fetch
if [ "$command" = fetch ]; then
  echo "distributions in $home/dist"
  exit 0
fi
exec java -Dbaton.root="$root" \
  -cp "$module/target/baton-local-cluster-0.1.0-SNAPSHOT.jar:$(cat "$module/target/classpath.txt")" \
  dev.baton.local.LocalClusterCli "$@"
