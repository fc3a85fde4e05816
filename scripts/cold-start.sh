#!/usr/bin/env bash
# Cold-start benchmark: check-account (Java) against a Python/boto3 equivalent of the original walkthrough function,
# both against one moto_server this script starts and stops. See docs/cold-start.md.
#
#   scripts/cold-start.sh [--runs N] [--warm N] [--cli] [--baseline-jar JAR] [--only-runtime-client] [--class-timeline]
#                         [--no-build] [--jar JAR]
#
#   --runs N            cold runs per variant, alternating (default 10)
#   --warm N            warm invocations in one process per language (default 200; 0 skips)
#   --cli               also time the CLI's invoke command (the CLI's own JVM plus the function's; builds the CLI too)
#   --baseline-jar JAR  an earlier check-account.jar (copy it aside before a change): its caller-identity runs (with
#                       a class cache of its own; on the runtime client, with and without SnapStart's init, and its
#                       every-check run) join the same run, so that the table shows what the change gave
#   --only-runtime-client  only the Python row and the runtime-client rows (the path Lambda runs)
#   --class-timeline    instead: one runtime-client run with -Xlog:class+load, showing where its time goes
#   --no-build          use functions/check-account/target/check-account.jar as it is
#   --jar JAR           measure this check-account.jar instead of the build's (implies --no-build), so that a build
#                       in the checkout can go on while the benchmark runs
#
# Each cold run is a fresh process, on one of two paths:
#   - the path Lambda runs ("ric" rows): AWS's runtime interface client (AWSLambda, resolved by Maven from
#     scripts/cold-start/runtime-client/pom.xml) loads the handler from the jar extracted into a task root, and takes
#     one event from a Runtime API that the benchmark serves (scripts/cold-start/runtime_api.py); timed from process
#     start to the response's arrival. No class cache: Lambda's managed runtimes take none of the application's.
#     The "snapstart" rows run SnapStart's init the same way (the client calls the CRaC hooks), without a snapshot.
#     The "ric-floor" rows start two handlers of scripts/cold-start/floor the same way: one that does nothing (the JVM
#     and the runtime client alone) and the Python function written with the plain SDK (no Jackson, no code of ours):
#     the floor of any Java function doing this work on this path. Like-for-like rows run with SECURITY_HUB_FINDINGS
#     off, as the Python function exports nothing; ric-every keeps the template's default (on).
#   - our own bootstrap (the other Java rows): java -cp check-account.jar plus core's Invoke, the event on stdin, with
#     or without a class cache (AppCDS, JDK 25's AOT cache): what `invoke` runs, and what a custom runtime could.
# Python runs the boto3 function in one process. Wall time, CPU time and peak memory come from the kernel (wait4).
# The JDK 25 variants (AOT cache built here by a training run) are skipped where no JDK 25 is found; set JAVA25_HOME
# to choose one. Needs JDK 17+, Maven, and moto_server with its Python (boto3 comes with moto).
# Laptop figures, not Lambda's, on whatever else the machine is doing: compare ratios from the same run.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$ROOT/target/cold-start
JAR=$ROOT/functions/check-account/target/check-account.jar
BUILD=true
ARGS=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-build) BUILD=false; shift ;;
        --jar) JAR=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); BUILD=false; shift 2 ;;
        --runs|--warm|--baseline-jar) ARGS+=("$1" "$2"); shift 2 ;;
        --cli|--only-runtime-client|--class-timeline) ARGS+=("$1"); shift ;;
        -h|--help) sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "cold-start.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

# moto's Python has boto3 (moto depends on it): use the interpreter that runs moto_server.
MOTO=${MOTO_SERVER:-$(command -v moto_server || true)}
if [[ -z "$MOTO" ]]; then
    echo "cold-start.sh: moto_server not found: pip install 'moto[server]' (or set MOTO_SERVER)" >&2
    exit 3
fi
PYTHON=$(command -v python3)
if command -v pyenv >/dev/null 2>&1 && pyenv which moto_server >/dev/null 2>&1; then
    PYTHON=$(dirname "$(pyenv which moto_server)")/python3
fi
if ! "$PYTHON" -c 'import boto3' 2>/dev/null; then
    echo "cold-start.sh: $PYTHON cannot import boto3: pip install boto3 (moto's Python has it)" >&2
    exit 3
fi

# local-aws too: its stand-in goes in front of moto, so that every check gets a real verdict (docs/stand-in.md).
MODULE=functions/check-account,local-aws
[[ " ${ARGS[*]:-} " == *" --cli "* ]] && MODULE=cli
STAND_IN_CP_FILE=$ROOT/local-aws/target/runtime.classpath
if $BUILD; then
    echo "== building: mvn -B -q -pl $MODULE -am package -Dmaven.test.skip=true"
    (cd "$ROOT" && mvn -B -q -Dstyle.color=never -pl "$MODULE" -am package dependency:build-classpath -Dmaven.test.skip=true \
        -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime)
fi
[[ -f "$JAR" ]] || { echo "cold-start.sh: $JAR is missing: build it or drop --no-build" >&2; exit 3; }
[[ -s "$STAND_IN_CP_FILE" && -d "$ROOT/local-aws/target/classes" ]] || {
    echo "cold-start.sh: local-aws is not built (the stand-in in front of moto): drop --no-build" >&2; exit 3; }
ARGS+=(--stand-in-cp "$ROOT/local-aws/target/classes:$(cat "$STAND_IN_CP_FILE")")

mkdir -p "$WORK"
# AWS's runtime interface client and its dependencies, from the registry, never in the function's jar.
RIC_CP=$WORK/runtime-client.classpath
if [[ ! -s "$RIC_CP" || "$ROOT/scripts/cold-start/runtime-client/pom.xml" -nt "$RIC_CP" ]]; then
    echo "== resolving the runtime interface client: mvn -f scripts/cold-start/runtime-client/pom.xml dependency:build-classpath"
    mvn -B -q -Dstyle.color=never -f "$ROOT/scripts/cold-start/runtime-client/pom.xml" dependency:build-classpath \
        -Dmdep.outputFile="$RIC_CP"
fi
ARGS+=(--runtime-client-cp "$(cat "$RIC_CP")")
# The floor rows' two handlers (a handler that does nothing; the Python function with the plain SDK): not a module.
FLOOR_JAR=$ROOT/scripts/cold-start/floor/target/cold-start-floor.jar
if [[ ! -s "$FLOOR_JAR" ]] || [[ -n "$(find "$ROOT/scripts/cold-start/floor" -newer "$FLOOR_JAR" \( -name '*.java' -o -name pom.xml \))" ]]; then
    echo "== building the floor rows' handlers: mvn -f scripts/cold-start/floor/pom.xml package"
    mvn -B -q -Dstyle.color=never -f "$ROOT/scripts/cold-start/floor/pom.xml" package
fi
ARGS+=(--floor-jar "$FLOOR_JAR")

exec "$PYTHON" "$ROOT/scripts/cold-start/benchmark.py" --jar "$JAR" --work "$WORK" ${ARGS[@]+"${ARGS[@]}"}
