# Shared by the scripts in this folder: builds the project when its sources changed and runs a main class
# with Spark on the classpath (Spark is a provided dependency of the job jar, so local runs add it here).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLASSPATH_FILE="$ROOT/target/classpath.txt"
BUILD_PROPS="$ROOT/target/classes/custseg-build.properties"

build_if_needed() {
  if [[ ! -f "$CLASSPATH_FILE" || ! -f "$BUILD_PROPS" || -z "$(ls "$ROOT"/target/*-job.jar 2>/dev/null)" ]] \
     || [[ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$CLASSPATH_FILE" -print -quit)" ]]; then
    echo "[build] compiling the job and resolving Spark (first run downloads dependencies)..." >&2
    (cd "$ROOT" && mvn -B -q -DskipTests package)
    touch "$CLASSPATH_FILE"
  fi
}

SPARK_HOME_DIR="$ROOT/target/spark-home"

# A folder usable as SPARK_HOME, built from the project's own resolved Spark (+ Delta) jars: jars/ holds links to
# every jar of the runtime classpath, and an empty RELEASE file tells Spark's launcher it is a distribution.
assemble_spark_home() {
  if [[ ! -f "$SPARK_HOME_DIR/RELEASE" || "$CLASSPATH_FILE" -nt "$SPARK_HOME_DIR/RELEASE" ]]; then
    rm -rf "$SPARK_HOME_DIR" && mkdir -p "$SPARK_HOME_DIR/jars"
    # Spark's own jars only: Delta and Typesafe Config travel inside the job jar, as on a real cluster.
    tr ':' '\n' < "$CLASSPATH_FILE" | grep -vE '/io/delta/|/io/unitycatalog/|/com/typesafe/config/' | while read -r jar; do
      [[ -n "$jar" ]] && ln -sf "$jar" "$SPARK_HOME_DIR/jars/$(basename "$jar")"
    done
    touch "$SPARK_HOME_DIR/RELEASE"
  fi
}

jvm_flags() {
  sed -n 's/^jvm\.flags=//p' "$BUILD_PROPS"
}

# run_java MAIN_CLASS [ARGS...]; JAVA_OPTS adds JVM options (e.g. -Xmx8g).
run_java() {
  local main="$1"; shift
  # shellcheck disable=SC2046
  exec java $(jvm_flags) ${JAVA_OPTS:--Xmx4g} \
      -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
      -cp "$ROOT/target/classes:$(cat "$CLASSPATH_FILE")" "$main" "$@"
}
