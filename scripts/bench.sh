#!/usr/bin/env bash
# Benchmark harness: for each size, generates a Parquet input (about 10 transactions per customer; cached between
# runs), runs the whole job with Spark local[*] in a fresh JVM, computes the same RFM table with DuckDB on the same
# files, checks the two agree and prints a table of stage times, peak memory and the RFM-vs-DuckDB ratio.
#
#   ./scripts/bench.sh                 # 1M and 10M transactions
#   ./scripts/bench.sh 1m 10m 100m     # sizes: a number with an optional k/m suffix
#   ./scripts/bench.sh als             # recommendations (#20): ALS at the default settings on 1M customers x 1,000
#                                      # categories, timed, and ALS against popularity on a holdout of those and of
#                                      # the 1M bench input (ALS_CUSTOMERS, ALS_CATEGORIES change the shape)
#
# BENCH_DATA (default ~/.cache/custseg-bench) holds the generated inputs, BENCH_OUT (default target/bench) the job
# outputs and results.tsv. JAVA_OPTS sets the JVM options of each run (default -Xmx8g: the driver heap target).
# Each input has as many interactions as transactions and an eighth as many ratings. BENCH_CONTACTS: on (default:
# with interactions, feedback and the transactions' units, list prices and brands), off (without them: the job's
# cost before #19) or both (off, then on: the cost of the new sources).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

BENCH_DATA="${BENCH_DATA:-$HOME/.cache/custseg-bench}"
BENCH_OUT="${BENCH_OUT:-$ROOT/target/bench}"
SIZES=("$@")
[[ ${#SIZES[@]} -eq 0 ]] && SIZES=(1m 10m)

to_number() {
  local s="${1,,}"
  case "$s" in
    *k) echo $(( ${s%k} * 1000 )) ;;
    *m) echo $(( ${s%m} * 1000000 )) ;;
    *) echo "$s" ;;
  esac
}

build_if_needed
echo "[bench] compiling the harness (profile bench, DuckDB)..." >&2
mvn -B -q -Pbench -DskipTests test-compile
BENCH_CP="$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$ROOT/target/bench-classpath.txt")"

mkdir -p "$BENCH_DATA" "$BENCH_OUT"
RESULTS="$BENCH_OUT/results-$(date +%Y%m%d-%H%M%S).tsv"
case "${BENCH_CONTACTS:-on}" in
  on) CONTACTS=(on) ;;
  off) CONTACTS=(off) ;;
  both) CONTACTS=(off on) ;;
  *) echo "BENCH_CONTACTS must be on, off or both, got: $BENCH_CONTACTS" >&2; exit 2 ;;
esac
for size in "${SIZES[@]}"; do
  if [[ "$size" == als ]]; then
    ALS_RESULTS="$BENCH_OUT/als-$(date +%Y%m%d-%H%M%S).tsv"
    holdout_data=()
    [[ -f "$BENCH_DATA/tx-1000000/.complete-v2" ]] && holdout_data=(--data "$BENCH_DATA/tx-1000000")
    log="$BENCH_OUT/run-als.log"
    echo "[bench] ALS on ${ALS_CUSTOMERS:-1000000} customers x ${ALS_CATEGORIES:-1000} categories ..." >&2
    # shellcheck disable=SC2046
    java $(jvm_flags) ${JAVA_OPTS:--Xmx8g} -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
        -cp "$BENCH_CP" com.custseg.bench.AlsBench --customers "${ALS_CUSTOMERS:-1000000}" \
        --categories "${ALS_CATEGORIES:-1000}" --results "$ALS_RESULTS" "${holdout_data[@]}" > "$log" 2>&1 \
        || { tail -30 "$log"; exit 1; }
    grep '^bench ' "$log"
    column -t -s $'\t' "$ALS_RESULTS"
    continue
  fi
  n=$(to_number "$size")
  data="$BENCH_DATA/tx-$n"
  # .complete-v2: inputs with interactions, feedback and the transactions' motive fields.
  if [[ ! -f "$data/.complete-v2" ]]; then
    echo "[bench] generating $n transactions and interactions into $data ..." >&2
    rm -rf "$data"
    JAVA_OPTS="${JAVA_OPTS:--Xmx8g}" "$ROOT/scripts/generate-data.sh" --output "$data" --format parquet \
        --transactions "$n" --customers $(( n / 10 )) --interactions "$n" --feedback $(( n / 8 )) >&2
    touch "$data/.complete-v2"
  fi
  for contacts in "${CONTACTS[@]}"; do
    out="$BENCH_OUT/out-$n-contacts-$contacts"
    log="$BENCH_OUT/run-$n-contacts-$contacts.log"
    rm -rf "$out"
    echo "[bench] running the job on $n transactions (contacts $contacts) ..." >&2
    # shellcheck disable=SC2046
    java $(jvm_flags) ${JAVA_OPTS:--Xmx8g} -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
        -cp "$BENCH_CP" com.custseg.bench.Benchmark --data "$data" --transactions "$n" --output "$out" \
        --results "$RESULTS" --contacts "$contacts" > "$log" 2>&1 || { tail -30 "$log"; exit 1; }
    grep '^bench ' "$log"
  done
done

[[ -f "$RESULTS" ]] || exit 0
echo
echo "Results ($(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM, $RESULTS):"
column -t -s $'\t' "$RESULTS"
