#!/usr/bin/env bash
# Spark SQL over the job's output tables, for analysts. Every Delta table under the output root is a view by its
# name (customer_segments, segment_summary, rejects, ...), and latest_<name> holds its latest snapshot.
#
#   ./scripts/sql.sh                                   # type statements, each ending with ;  (Ctrl-D quits)
#   ./scripts/sql.sh -e "SELECT value_tier, count(*) FROM latest_customer_segments GROUP BY 1"
#   ./scripts/sql.sh -f notebooks-data/queries/top_regions_by_vip_revenue.sql
#   ./scripts/sql.sh --output /data/segments -e "..."  # another output root (default: output/)
#   ./scripts/sql.sh < my-queries.sql
#
# Flags: --output DIR, -e "SQL; SQL" and -f FILE (repeatable, run in order), --max-rows N (default 1000),
# --master URL (default local[*]). Relative paths are taken from the project root.
# JAVA_OPTS sets JVM options (default -Xmx4g).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
build_if_needed
run_java com.custseg.job.SqlShellMain --master "local[*]" --output output "$@"
