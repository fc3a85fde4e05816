#!/usr/bin/env bash
# Account latency benchmark: one account's wall time against its slowest single check, with a latency added to every
# AWS call, for an earlier check-account.jar ("before", built from a git revision, default main) and this tree's
# ("after"), in the same run. See docs/checks.md ("How the checks run") and local-aws's AccountLatencyBenchmark.
#
#   scripts/account-latency.sh [--latency-ms N] [--regions R1,R2] [--rounds N] [--passes N] [--iam-users N]
#                              [--baseline REV | --baseline-jar JAR] [--no-build]
#
#   --latency-ms N     added to every AWS call by the fault proxy's latency rule (default 60)
#   --regions R1,R2    the sweep's regions; the first is the function's (default eu-west-1,us-east-1)
#   --rounds N         rounds per JVM: the account with every check, then each check alone (default 5)
#   --passes N         JVMs per jar, alternating before and after (default 2); medians over rounds x passes
#   --iam-users N      IAM users in the account, each with a console password and an access key (default 3)
#   --baseline REV     the "before" revision, built in a temporary git worktree under target/ (default main)
#   --baseline-jar JAR a "before" check-account.jar already built (copy it aside before a change)
#   --no-build         use this tree's jar and classes as they are
#
# moto (with AWS managed policies, as the local run has them) holds the member account 111122223333: the IAM users
# above and what moto gives every account (a default VPC in each region). A fault proxy in front of it holds every
# call for the latency; each jar runs in JVMs of its own (local-aws's AccountLatencyProbe: the handler built as Lambda
# builds it, a warm-up, then the rounds), the Security Hub export off (it runs after the checks, the same in both).
# Prints each jar's medians (the account, its slowest check alone, their ratio, each check alone), the load average
# before and after, and whether both jars gave the same results. Needs JDK 17+, Maven, git and moto_server.
# Laptop figures on whatever else the machine is doing: compare the ratios from the same run.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$ROOT/target/account-latency
BASELINE=main
BASELINE_JAR=""
BUILD=true
ARGS=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --latency-ms|--regions|--rounds|--passes|--iam-users) ARGS+=("$1" "$2"); shift 2 ;;
        --baseline) BASELINE=$2; shift 2 ;;
        --baseline-jar) BASELINE_JAR=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
        --no-build) BUILD=false; shift ;;
        -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "account-latency.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
command -v moto_server >/dev/null 2>&1 || [[ -n "${MOTO_SERVER:-}" ]] || {
    echo "account-latency.sh: moto_server not found: pip install 'moto[server]' (or set MOTO_SERVER)" >&2; exit 3; }

MVN="mvn -B -q -Dstyle.color=never"
mkdir -p "$WORK"
BASELINE_TREE=$WORK/baseline-tree
cleanup() {
    if [[ -d "$BASELINE_TREE" ]]; then
        git -C "$ROOT" worktree remove --force "$BASELINE_TREE" >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT

if [[ -z "$BASELINE_JAR" ]]; then
    REVISION=$(git -C "$ROOT" rev-parse --short "$BASELINE")
    BASELINE_JAR=$WORK/before-$REVISION.jar
    if [[ ! -s "$BASELINE_JAR" ]]; then
        echo "== building before ($BASELINE = $REVISION) in a temporary worktree"
        git -C "$ROOT" worktree remove --force "$BASELINE_TREE" >/dev/null 2>&1 || true
        git -C "$ROOT" worktree prune
        git -C "$ROOT" worktree add --detach "$BASELINE_TREE" "$REVISION" >/dev/null
        (cd "$BASELINE_TREE" && $MVN -pl functions/check-account -am package -Dmaven.test.skip=true)
        cp "$BASELINE_TREE/functions/check-account/target/check-account.jar" "$BASELINE_JAR"
        cleanup
    fi
fi
[[ -s "$BASELINE_JAR" ]] || { echo "account-latency.sh: $BASELINE_JAR is missing" >&2; exit 3; }

if $BUILD; then
    echo "== building after (this tree) and the benchmark: $MVN -pl functions/check-account,local-aws -am package"
    (cd "$ROOT" && $MVN -pl functions/check-account,local-aws -am package dependency:build-classpath \
        -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime -Dmaven.test.skip=true)
fi
AFTER_JAR=$ROOT/functions/check-account/target/check-account.jar
CLASSES=$ROOT/local-aws/target/classes
CLASSPATH_FILE=$ROOT/local-aws/target/runtime.classpath
for needed in "$AFTER_JAR" "$CLASSES" "$CLASSPATH_FILE"; do
    [[ -e "$needed" ]] || { echo "account-latency.sh: $needed is missing: build without --no-build" >&2; exit 3; }
done

echo "== jars: before $(stat -c %s "$BASELINE_JAR") bytes ($BASELINE_JAR), after $(stat -c %s "$AFTER_JAR") bytes"
echo "== uptime: $(uptime)"
set +e
java -cp "$CLASSES:$(cat "$CLASSPATH_FILE")" com.auditremediation.local.AccountLatencyBenchmark \
    --probe-classes "$CLASSES" --jar "before=$BASELINE_JAR" --jar "after=$AFTER_JAR" ${ARGS[@]+"${ARGS[@]}"}
STATUS=$?
set -e
echo "== uptime: $(uptime)"
exit $STATUS
