#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, from the project's own Maven-resolved Spark jars (no Spark
# download): one Master and two Workers on 127.0.0.1, each in its own JVM.
#
#   ./scripts/local-cluster.sh start     # master spark://127.0.0.1:7077, UI http://127.0.0.1:8080
#   ./scripts/local-cluster.sh status
#   ./scripts/local-cluster.sh stop
#
# Environment: CLUSTER_DIR (default target/local-cluster), SPARK_MASTER_PORT (7077), SPARK_MASTER_WEBUI_PORT (8080),
# WORKER_CORES (1), WORKER_MEMORY (2g).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

CLUSTER_DIR="${CLUSTER_DIR:-$ROOT/target/local-cluster}"
MASTER_PORT="${SPARK_MASTER_PORT:-7077}"
MASTER_UI_PORT="${SPARK_MASTER_WEBUI_PORT:-8080}"
WORKER_CORES="${WORKER_CORES:-1}"
WORKER_MEMORY="${WORKER_MEMORY:-2g}"
MASTER_URL="spark://127.0.0.1:$MASTER_PORT"

wait_for_port() {
  local port="$1" tries=60
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    tries=$((tries - 1))
    if [[ $tries -le 0 ]]; then echo "port $port did not open; see $CLUSTER_DIR/logs" >&2; return 1; fi
    sleep 1
  done
}

start_process() {
  local name="$1"; shift
  mkdir -p "$CLUSTER_DIR/logs" "$CLUSTER_DIR/pids"
  # shellcheck disable=SC2046
  SPARK_HOME="$SPARK_HOME_DIR" SPARK_SCALA_VERSION=2.13 nohup java $(jvm_flags) -Xmx1g \
      -cp "$SPARK_HOME_DIR/jars/*" "$@" > "$CLUSTER_DIR/logs/$name.log" 2>&1 &
  echo $! > "$CLUSTER_DIR/pids/$name.pid"
}

case "${1:-}" in
  start)
    build_if_needed
    assemble_spark_home
    if [[ -f "$CLUSTER_DIR/pids/master.pid" ]] && kill -0 "$(cat "$CLUSTER_DIR/pids/master.pid")" 2>/dev/null; then
      echo "already running: $MASTER_URL"; exit 0
    fi
    start_process master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$MASTER_PORT" \
        --webui-port "$MASTER_UI_PORT"
    wait_for_port "$MASTER_PORT"
    for i in 1 2; do
      mkdir -p "$CLUSTER_DIR/work-$i"
      start_process "worker-$i" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$WORKER_CORES" \
          --memory "$WORKER_MEMORY" --webui-port $((MASTER_UI_PORT + i)) --work-dir "$CLUSTER_DIR/work-$i" "$MASTER_URL"
    done
    # The master's UI lists ALIVE workers; wait until both registered.
    for _ in $(seq 60); do
      alive=$(curl -s "http://127.0.0.1:$MASTER_UI_PORT/json/" | grep -o '"state" *: *"ALIVE"' | wc -l || true)
      [[ "$alive" -ge 2 ]] && break
      sleep 1
    done
    echo "started $MASTER_URL with 2 workers (UI http://127.0.0.1:$MASTER_UI_PORT, logs $CLUSTER_DIR/logs)"
    ;;
  stop)
    for pidfile in "$CLUSTER_DIR"/pids/*.pid; do
      [[ -f "$pidfile" ]] || continue
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null && echo "stopped $(basename "$pidfile" .pid) ($pid)"
      rm -f "$pidfile"
    done
    ;;
  status)
    for pidfile in "$CLUSTER_DIR"/pids/*.pid; do
      [[ -f "$pidfile" ]] || continue
      pid=$(cat "$pidfile")
      if kill -0 "$pid" 2>/dev/null; then echo "$(basename "$pidfile" .pid) running ($pid)"; else echo "$(basename "$pidfile" .pid) dead"; fi
    done
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
