#!/usr/bin/env bash
# Submits the job jar to a Spark cluster (YARN, Kubernetes, standalone) through spark-submit.
#
#   ./scripts/submit.sh --master yarn --deploy-mode cluster --num-executors 10 --executor-memory 8g \
#       --config my-data.conf -- --as-of 2026-01-01
#   ./scripts/submit.sh --master spark://127.0.0.1:7077 -- --output /data/segments      # scripts/local-cluster.sh
#
# Options before "--" go to spark-submit (these are understood here; anything else is passed through as-is):
#   --master URL             (required)
#   --deploy-mode MODE       client (default) | cluster
#   --executor-memory SIZE   --executor-cores N   --num-executors N   --driver-memory SIZE
#   --config FILE            the job's HOCON config: shipped with --files and handed to the job
# Arguments after "--" go to the job (--as-of, --output, --set KEY=VALUE, --config ...).
# SPARK_SUBMIT: the spark-submit to use; default: spark-submit on PATH, else the project's own Spark (target/).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

deploy_mode=client
submit_args=()
job_args=()
config_files=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --) shift; job_args+=("$@"); break ;;
    --deploy-mode) deploy_mode="$2"; submit_args+=("$1" "$2"); shift 2 ;;
    --config) config_files+=("$2"); shift 2 ;;
    *) submit_args+=("$1"); shift ;;
  esac
done

build_if_needed
# JOB_JAR: the jar to submit, e.g. local:///opt/custseg/job.jar inside a Kubernetes image; default: the one built here.
JOB_JAR="${JOB_JAR:-$(ls "$ROOT"/target/customer-segmentation-*-job.jar | head -1)}"
FLAGS="$(jvm_flags)"

# In cluster mode the driver runs on the cluster and finds --files in its working directory.
config_flags=()
files=()
for f in "${config_files[@]}"; do
  files+=("$f")
  if [[ "$deploy_mode" == cluster ]]; then config_flags+=(--config "$(basename "$f")"); else config_flags+=(--config "$f"); fi
done
file_flags=()
[[ ${#files[@]} -gt 0 ]] && file_flags=(--files "$(IFS=,; echo "${files[*]}")")

# conf/spark-defaults.conf becomes --conf flags, so the cluster's own defaults still apply to everything else;
# flags given to this script come later and win.
spark_confs=()
while read -r key value; do
  [[ -z "$key" || "$key" == \#* ]] && continue
  spark_confs+=(--conf "$key=$value")
done < "$ROOT/conf/spark-defaults.conf"

common=(--class com.custseg.job.SegmentationJob
  --conf "spark.driver.extraJavaOptions=$FLAGS"
  --conf "spark.executor.extraJavaOptions=$FLAGS"
  "${spark_confs[@]}"
  "${file_flags[@]}" "${submit_args[@]}" "$JOB_JAR" "${config_flags[@]}" "${job_args[@]}")

if [[ -n "${SPARK_SUBMIT:-}" ]]; then
  exec "$SPARK_SUBMIT" "${common[@]}"
elif command -v spark-submit >/dev/null 2>&1; then
  exec spark-submit "${common[@]}"
else
  # No Spark installed: the project's own Spark jars, the way scripts/local-cluster.sh runs them.
  assemble_spark_home
  # shellcheck disable=SC2086
  SPARK_HOME="$SPARK_HOME_DIR" SPARK_SCALA_VERSION=2.13 exec java $FLAGS ${JAVA_OPTS:--Xmx2g} \
      -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
      -cp "$SPARK_HOME_DIR/jars/*" org.apache.spark.deploy.SparkSubmit "${common[@]}"
fi
