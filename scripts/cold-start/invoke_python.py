"""Runs check_assume_role.lambda_handler once with the event in a file, as Lambda's Python runtime would, and prints
its result on stdout: the Python side of scripts/cold-start.sh. With --repeat N it then calls the handler N more
times in this process and prints one JSON line to stderr with the warm latencies ("harness": "warm"), the same
shape as the Java bootstrap's (com.auditremediation.core.runtime.Invoke --repeat N).

    python3 invoke_python.py event.json [--repeat N]
"""
import json
import logging
import statistics
import sys
import time

logging.basicConfig(stream=sys.stderr, format="%(message)s")
sys.dont_write_bytecode = True  # no __pycache__ beside the sources; the module is a few lines


import check_assume_role  # noqa: E402  (after logging: the module's import is part of the cold start)


def main():
    with open(sys.argv[1], encoding="utf-8") as file:
        event = json.load(file)
    repeat = int(sys.argv[3]) if len(sys.argv) == 4 and sys.argv[2] == "--repeat" else 0
    result = check_assume_role.lambda_handler(event, None)
    if repeat:
        millis = []
        for _ in range(repeat):
            start = time.perf_counter_ns()
            check_assume_role.lambda_handler(event, None)
            millis.append((time.perf_counter_ns() - start) / 1e6)
        millis.sort()
        print(json.dumps({"harness": "warm", "invocations": repeat, "medianMs": round(statistics.median(millis), 2),
                          "p90Ms": round(millis[max(0, -(-len(millis) * 9 // 10) - 1)], 2), "minMs": round(millis[0], 2)}),
              file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
