#!/usr/bin/env bash
# Starts or stops a 3-node tickplant cluster on this machine (loopback only):
#   node 1: simulator + ingest   management :9091   Hazelcast :5701
#   node 2: normalizer           management :9092   Hazelcast :5702
#   node 3: gateway              management :9093   Hazelcast :5703   clients ws://localhost:8080/
# Usage: deploy/scripts/local-cluster.sh start|stop|status
# Logs and pid files go to deploy/target/local-cluster/. Build the jar first (README quick start).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/target/tickplant.jar"
run="$here/target/local-cluster"
java_bin=${JAVA:-java}

node_conf() { # management-port extra-json
  printf '{"nodeId":"local-%s","management":{"port":%s},"cluster":{"name":"tickplant-local"}%s}\n' "$1" "$1" "$2"
}

start_node() { # name roles management-port extra-json
  local name=$1 roles=$2 port=$3 extra=$4
  node_conf "$port" "$extra" > "$run/$name.json"
  nohup "$java_bin" -jar "$jar" -cluster -roles "$roles" -conf "$run/$name.json" > "$run/$name.log" 2>&1 &
  echo $! > "$run/$name.pid"
  echo "started $name (roles $roles, pid $!, management :$port)"
}

wait_ready() { # management-port
  for _ in $(seq 1 60); do
    if curl -fs "http://127.0.0.1:$1/health/ready" > /dev/null 2>&1; then
      return 0
    fi
    sleep 0.5
  done
  echo "node with management :$1 not ready after 30 s; see $run/*.log" >&2
  return 1
}

case "${1:-}" in
  start)
    [ -f "$jar" ] || { echo "no $jar: build it first (./mvnw -q -B package -DskipTests)" >&2; exit 1; }
    mkdir -p "$run"
    start_node node1 simulator,ingest 9091 ''
    start_node node2 normalizer 9092 ''
    start_node node3 gateway 9093 ',"gateway":{"port":8080}'
    for p in 9091 9092 9093; do wait_ready "$p"; done
    echo "cluster ready: clients connect to ws://localhost:8080/ (API key demo)"
    ;;
  stop)
    for f in "$run"/*.pid; do
      [ -e "$f" ] || continue
      pid=$(cat "$f")
      if kill "$pid" 2> /dev/null; then
        echo "stopping pid $pid ($(basename "$f" .pid))"
        for _ in $(seq 1 40); do kill -0 "$pid" 2> /dev/null || break; sleep 0.25; done
        kill -9 "$pid" 2> /dev/null || true
      fi
      rm -f "$f"
    done
    ;;
  status)
    for p in 9091 9092 9093; do
      printf ':%s ' "$p"; curl -s "http://127.0.0.1:$p/health/ready" || printf 'down'; echo
    done
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
