#!/usr/bin/env bash
# Writes a deterministic synthetic customers + transactions export (CSV or Parquet) with Spark local[*].
# The bundled sample in notebooks-data/sample/ was made with:
#
#   ./scripts/generate-data.sh --output notebooks-data/sample --customers 8000 --transactions 80000 \
#       --single-file --compress-transactions
#
# Larger sets for load tests (same seed, same rows on any machine):
#
#   ./scripts/generate-data.sh --output /data/custseg-10m --transactions 10000000 --format parquet
#
# Flags: --transactions N --customers N --seed S --format csv|parquet --output DIR --start-date/--end-date
# yyyy-MM-dd --single-file --compress-transactions (--help lists them). JAVA_OPTS sets JVM options.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
build_if_needed
run_java com.custseg.sample.SampleDataGenerator "$@"
