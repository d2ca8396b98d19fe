#!/usr/bin/env bash
# The periodic refresh: runs the job for the period that just closed, so a scheduler only has to call it.
# Monthly (default): the snapshot date is the 1st of the current month, so every transaction of last month and
# before counts. Weekly: this week's Monday. Re-running a period replaces its snapshot (safe to retry).
#
#   ./scripts/refresh.sh --config conf/my-company.conf                  # Spark local[*] (scripts/run-local.sh)
#   ./scripts/refresh.sh --cluster --master yarn --deploy-mode cluster --config conf/my-company.conf
#                                                                        # on a cluster (scripts/submit.sh)
#   ./scripts/refresh.sh --today 2026-03-15 --config ...                 # backfill: as if run on that day
#   ./scripts/refresh.sh --print-as-of                                   # only print the snapshot date
#
# Own flags: --period monthly|weekly, --today YYYY-MM-DD, --cluster, --print-as-of. Everything else goes to
# run-local.sh (or, with --cluster, to submit.sh; job flags after its "--").
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

period=monthly
today="$(date +%F)"
cluster=false
print_only=false
rest=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --period) period="$2"; shift 2 ;;
    --today) today="$2"; shift 2 ;;
    --cluster) cluster=true; shift ;;
    --print-as-of) print_only=true; shift ;;
    *) rest+=("$1"); shift ;;
  esac
done

if ! date -d "$today" +%F >/dev/null 2>&1; then
  echo "refresh.sh: --today must be a date YYYY-MM-DD, got: $today" >&2; exit 2
fi
case "$period" in
  monthly) as_of="$(date -d "$today" +%Y-%m-01)" ;;
  weekly) as_of="$(date -d "$today -$(( $(date -d "$today" +%u) - 1 )) days" +%F)" ;;
  *) echo "refresh.sh: --period must be monthly or weekly, got: $period" >&2; exit 2 ;;
esac

if $print_only; then
  echo "$as_of"
  exit 0
fi
echo "[refresh] $period snapshot $as_of (today $today)" >&2
if $cluster; then
  has_separator=false
  for a in "${rest[@]}"; do [[ "$a" == "--" ]] && has_separator=true; done
  if $has_separator; then
    exec "$DIR/submit.sh" "${rest[@]}" --as-of "$as_of"
  else
    exec "$DIR/submit.sh" "${rest[@]}" -- --as-of "$as_of"
  fi
fi
exec "$DIR/run-local.sh" "${rest[@]}" --as-of "$as_of"
