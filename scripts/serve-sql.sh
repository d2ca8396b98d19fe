#!/usr/bin/env bash
# A Spark Connect SQL endpoint over the job's output, for analysts' notebooks and BI tools: every table under the
# output root by its name and latest_<table> (its latest snapshot), as in sql.sh, read-only (writes and DDL are
# refused before they run). Clients connect to sc://HOST:PORT (PySpark: SparkSession.builder.remote(...)).
#
#   ./scripts/serve-sql.sh start                              # output/ on sc://127.0.0.1:15002
#   ./scripts/serve-sql.sh start --output /data/segments --port 15010
#   CUSTSEG_SQL_TOKEN=... ./scripts/serve-sql.sh start --bind 0.0.0.0   # any non-loopback address needs a token
#   ./scripts/serve-sql.sh start --bind 10.0.0.5 --token-file ~/.custseg-sql-token   # file readable by you only
#   ./scripts/serve-sql.sh status
#   ./scripts/serve-sql.sh query -e "SELECT value_tier, count(*) FROM latest_customer_segments GROUP BY 1"
#   ./scripts/serve-sql.sh query --port 15010 -f notebooks-data/queries/cluster_sizes.sql
#   ./scripts/serve-sql.sh stop
#
# start flags: --output DIR (default output), --bind ADDRESS (default 127.0.0.1), --port N (default 15002),
# --master URL (default local[*]), --token-file FILE. The token is never a flag: it comes from CUSTSEG_SQL_TOKEN or
# --token-file. query runs the Spark Connect JVM client and prints like sql.sh; flags --host (default localhost),
# --port, --max-rows N, -e SQL, -f FILE; it sends CUSTSEG_SQL_TOKEN when set (Spark's clients send a token in clear
# only to "localhost"; to any other host only over TLS, so reach a remote endpoint through a TLS proxy or SSH tunnel).
# Environment: SERVE_DIR (default target/serve-sql: pid file and log), JAVA_OPTS (server JVM, default -Xmx4g).
# The server runs Spark 4.1.2 + Delta 4.3.0 from its own Maven build (src/connect), not the job's Spark 4.1.0.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

SERVE_DIR="${SERVE_DIR:-$ROOT/target/serve-sql}"
PID_FILE="$SERVE_DIR/server.pid"
LOG_FILE="$SERVE_DIR/server.log"
CONNECT_DIR="$ROOT/target/connect"
JOB_JAR="$ROOT/target/customer-segmentation-0.1.0.jar"

usage() {
  sed -n '2,/^# The server runs/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# The endpoint's own Maven build (src/connect): server and client classpaths, compiled against the job's thin jar.
build_connect_if_needed() {
  build_if_needed
  local stamp="$CONNECT_DIR/client/classpath.txt"
  if [[ ! -f "$stamp" || ! -f "$CONNECT_DIR/server/classpath.txt" || "$JOB_JAR" -nt "$stamp" ]] \
     || [[ -n "$(find "$ROOT/src/connect" -newer "$stamp" -print -quit)" ]]; then
    echo "[build] compiling the SQL endpoint and resolving Spark Connect 4.1.2 (first run downloads it)..." >&2
    mvn -B -q -f "$ROOT/src/connect/pom.xml" package
    touch "$stamp"
  fi
}

running_pid() {
  [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null && cat "$PID_FILE"
}

start() {
  if pid=$(running_pid); then
    echo "already running (pid $pid): $(grep -m1 '^ready ' "$LOG_FILE" | cut -d' ' -f2)"; return 0
  fi
  build_connect_if_needed
  mkdir -p "$SERVE_DIR"
  : > "$LOG_FILE"
  # shellcheck disable=SC2046
  nohup java $(jvm_flags) ${JAVA_OPTS:--Xmx4g} -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
      -cp "$CONNECT_DIR/server/classes:$JOB_JAR:$(cat "$CONNECT_DIR/server/classpath.txt")" \
      com.custseg.connect.SqlServer "$@" > "$LOG_FILE" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$PID_FILE"
  for _ in $(seq 600); do
    if grep -q '^ready ' "$LOG_FILE"; then
      echo "started $(grep -m1 '^ready ' "$LOG_FILE" | cut -d' ' -f2) (pid $pid, log $LOG_FILE)"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      echo "the SQL endpoint did not start; its log ($LOG_FILE) ends with:" >&2
      tail -n 20 "$LOG_FILE" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "the SQL endpoint is not ready after 300 s; see $LOG_FILE (still running as pid $pid)" >&2
  return 1
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$PID_FILE"; echo "not running"; return 0
  fi
  kill "$pid"
  for _ in $(seq 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; echo "stopped ($pid)"; return 0; }
    sleep 0.5
  done
  echo "pid $pid did not stop within 30 s" >&2
  return 1
}

query() {
  local host=localhost port=15002 args=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --host) host="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      *) args+=("$1"); shift ;;
    esac
  done
  build_connect_if_needed
  # shellcheck disable=SC2046
  exec java $(jvm_flags) -Xmx1g -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
      -cp "$CONNECT_DIR/client/classes:$JOB_JAR:$(cat "$CONNECT_DIR/client/classpath.txt")" \
      com.custseg.connect.ConnectSql --remote "sc://$host:$port" "${args[@]}"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status)
    if pid=$(running_pid); then echo "running (pid $pid): $(grep -m1 '^ready ' "$LOG_FILE" | cut -d' ' -f2-)"
    else echo "not running"; exit 3; fi ;;
  query) shift; query "$@" ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
