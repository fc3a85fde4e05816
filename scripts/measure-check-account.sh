#!/usr/bin/env bash
# Measures what the security checks (issue 5) cost the check-account function: the size of its deployable artifact
# and the time from a fresh JVM's start to the first result, before (git revision e208d5c, caller-identity only) and
# after (the current work tree).
#
#   scripts/measure-check-account.sh [runs]        # runs per variant, default 10
#
# Each run is a new JVM that builds CheckAccountHandler with its no-arg constructor, as Lambda does, and invokes it
# once against a moto_server this script starts (local-aws's ColdStartProbe); the time is from the JVM's start
# (RuntimeMXBean) to the handler's result. Variants run alternately so that drift on the machine hits them alike:
#   before          e208d5c's artifact, every check it has (caller-identity)
#   after           this tree's artifact, every check (the default input: five checks, EBS in one region)
#   after-identity  this tree's artifact, only caller-identity: the weight of the larger classpath alone
# Prints every run, then the medians and the after/before ratios. Needs JDK 17, Maven, git and moto_server.
# "before" is built in a temporary git worktree under target/ (removed at the end); the main tree's git state is
# not touched. Laptop figures, not Lambda's: compare the ratios, not the milliseconds.
set -euo pipefail

RUNS=${1:-10}
BEFORE_REVISION=e208d5c
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$ROOT/target/measure-check-account
WORKTREE=$WORK/before
ACCOUNT_ID=111122223333
HANDLER=com.auditremediation.checkaccount.CheckAccountHandler
MVN="mvn -B -q -o"

MOTO_PID=""
cleanup() {
    if [[ -n "$MOTO_PID" ]]; then
        kill "$MOTO_PID" 2>/dev/null || true
        wait "$MOTO_PID" 2>/dev/null || true
    fi
    if [[ -d "$WORKTREE" ]]; then
        git -C "$ROOT" worktree remove --force "$WORKTREE" >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT

mkdir -p "$WORK"

echo "== building before ($BEFORE_REVISION) in a temporary worktree"
git -C "$ROOT" worktree remove --force "$WORKTREE" >/dev/null 2>&1 || true
git -C "$ROOT" worktree prune
git -C "$ROOT" worktree add --detach "$WORKTREE" "$BEFORE_REVISION" >/dev/null
# An aggregator of the two modules needed: that revision's root pom names modules it did not commit.
cat >"$WORKTREE/measure-pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>measure</groupId>
  <artifactId>measure-before</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <modules>
    <module>functions/core</module>
    <module>functions/check-account</module>
  </modules>
</project>
POM
(cd "$WORKTREE" && $MVN -f measure-pom.xml package -Dmaven.test.skip=true)
cp "$WORKTREE/functions/check-account/target/check-account.jar" "$WORK/before.jar"

echo "== building after (the work tree) and the probe"
(cd "$ROOT" && $MVN -pl functions/core,functions/check-account,local-aws package -Dmaven.test.skip=true)
cp "$ROOT/functions/check-account/target/check-account.jar" "$WORK/after.jar"
PROBE_CLASSES=$ROOT/local-aws/target/classes

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/moto-api/" >/dev/null 2>&1 && break
    sleep 0.1
done

# The default input: no checks named (every check), no regions (the function's region).
cat >"$WORK/all-checks.json" <<JSON
{"account": {"id": "$ACCOUNT_ID", "name": "measure", "ouId": "ou-ab12-cdef3456"},
 "context": {"roleName": "aws-controltower-ReadOnlyExecutionRole", "mode": "audit", "checks": [], "regions": []},
 "executionName": "measure"}
JSON
sed 's/"checks": \[\]/"checks": ["caller-identity"]/' "$WORK/all-checks.json" >"$WORK/caller-identity.json"

probe() { # jar event -> milliseconds from JVM start to result
    local out
    out=$(env AWS_REGION=us-east-1 AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_ACCESS_KEY_ID=testing \
          AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true \
          java -cp "$PROBE_CLASSES:$1" com.auditremediation.local.ColdStartProbe "$HANDLER" "$2" 2>&1 >/dev/null \
          | grep '"probe":"cold-start"')
    if [[ "$out" != *'"succeeded":true'* ]]; then
        echo "probe failed: $out" >&2
        exit 1
    fi
    sed -E 's/.*"startToResultMs":([0-9]+).*/\1/' <<<"$out"
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "== warming moto (one uncounted run of each variant: moto builds each account's backends on first use)"
probe "$WORK/before.jar" "$WORK/all-checks.json" >/dev/null
probe "$WORK/after.jar" "$WORK/all-checks.json" >/dev/null

: >"$WORK/before.ms"; : >"$WORK/after.ms"; : >"$WORK/after-identity.ms"
echo "== $RUNS runs per variant, alternating (ms from JVM start to result)"
for run in $(seq 1 "$RUNS"); do
    b=$(probe "$WORK/before.jar" "$WORK/all-checks.json")
    a=$(probe "$WORK/after.jar" "$WORK/all-checks.json")
    i=$(probe "$WORK/after.jar" "$WORK/caller-identity.json")
    echo "$b" >>"$WORK/before.ms"; echo "$a" >>"$WORK/after.ms"; echo "$i" >>"$WORK/after-identity.ms"
    printf 'run %2d: before %5d  after %5d  after-identity %5d\n' "$run" "$b" "$a" "$i"
done

before_size=$(stat -c %s "$WORK/before.jar")
after_size=$(stat -c %s "$WORK/after.jar")
before_ms=$(median <"$WORK/before.ms")
after_ms=$(median <"$WORK/after.ms")
identity_ms=$(median <"$WORK/after-identity.ms")
echo
echo "== results (java $(java -version 2>&1 | head -1 | sed -E 's/.*"(.*)".*/\1/'), $(nproc) CPUs, $RUNS runs each)"
awk -v bs="$before_size" -v as="$after_size" -v bm="$before_ms" -v am="$after_ms" -v im="$identity_ms" 'BEGIN {
    printf "artifact size          before %10d B (%.1f MB)   after %10d B (%.1f MB)   ratio %.2f\n", bs, bs / 1048576, as, as / 1048576, as / bs
    printf "start to first result  before %7.0f ms (median)      after %7.0f ms (median)      ratio %.2f\n", bm, am, am / bm
    printf "  after, caller-identity only: %.0f ms (median), ratio to before %.2f\n", im, im / bm
}'
