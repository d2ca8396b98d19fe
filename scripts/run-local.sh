#!/usr/bin/env bash
# Runs the whole segmentation job on this machine with Spark local[*]: builds what it needs (first run downloads
# dependencies through Maven), reads the bundled sample in notebooks-data/sample/ by default and writes the
# Delta tables to output/.
#
#   ./scripts/run-local.sh                          # the bundled sample, snapshot = day after the last order
#   ./scripts/run-local.sh --as-of 2025-07-01       # another snapshot
#   ./scripts/run-local.sh --config my-data.conf --output /data/segments
#
# Flags: --config FILE (HOCON layered over conf/application.conf), --as-of YYYY-MM-DD, --output DIR,
# --set segmentation.KEY=VALUE. JAVA_OPTS sets JVM options (default -Xmx4g).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
build_if_needed
run_java com.custseg.job.SegmentationJob --master "local[*]" --config conf/application.conf "$@"
