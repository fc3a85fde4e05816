#!/usr/bin/env bash
# Wall time of `bin/audit-remediation local --accounts N` (every check, the default input), one run per N, with how the
# execution ended: the sizes a new user tries first (issue 19: 100 accounts failed the whole run on main with
# States.DataLimitExceeded).
#
#   scripts/local-scale.sh [--root DIR] N [N...]     # for example: scripts/local-scale.sh 100 400 1000
#
# --root runs another checkout's bin/audit-remediation (built there beforehand), for a before/after in the same
# session: for example a copy of main made with `git archive main | tar -x -C /tmp/base` and built with
# `mvn -B -q package -Dmaven.test.skip=true -pl cli -am` in it. Each run's output goes to
# target/local-scale/<label>-<N>.log and its report to target/local-scale/<label>-<N>/; the table printed at the end
# has N, the wall seconds from start to exit, the exit code and the line that says how the execution ended.
# Laptop figures on a shared machine: the load average is printed at the start and the end; compare runs made in
# one session, not the seconds across machines.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=$ROOT
if [[ "${1:-}" == "--root" ]]; then
    TARGET=$(cd "$2" && pwd)
    shift 2
fi
if [[ $# -eq 0 ]]; then
    echo "usage: $0 [--root DIR] N [N...]" >&2
    exit 2
fi
LABEL=$(basename "$TARGET")
OUT=$ROOT/target/local-scale
mkdir -p "$OUT"

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
rows=()
for accounts in "$@"; do
    log=$OUT/$LABEL-$accounts.log
    start=$(date +%s.%N)
    set +e
    "$TARGET/bin/audit-remediation" local --accounts "$accounts" --out "$OUT/$LABEL-$accounts" --timeout 60 >"$log" 2>&1
    code=$?
    set -e
    end=$(date +%s.%N)
    outcome=$(grep -E "^Execution .* (SUCCEEDED|FAILED|TIMED_OUT|ABORTED)|execution .* (FAILED|TIMED_OUT|ABORTED)" "$log" \
              | tail -n 1 | cut -c1-220 || true)
    summary=$(grep -E "^ *Accounts:|^Summary|succeeded, .* failed" "$log" | head -n 1 | cut -c1-160 || true)
    rows+=("$(printf '%6s  %8.1f  %4s  %s %s' "$accounts" "$(echo "$end - $start" | bc)" "$code" "$outcome" "$summary")")
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%6s  %8s  %4s  %s\n' accounts wall_s exit outcome
printf '%s\n' "${rows[@]}"
