/// The reference side of `tensorbridge bench`, built into the binary so that `bench` works
/// outside a clone of the repository. It is the text of scripts/bench_reference.py (a CLI test
/// checks the two are equal); `tensorbridge bench --print-reference-script` prints it.
enum BenchReferenceScript {
    static let text = #"""
"""Reference side of `tensorbridge bench`: times TensorFlow/NumPy statements.

Reads {"repeats": N, "cases": [{"id", "setup", "stmt"}]} as JSON on stdin, runs each case's
setup once, then the statement once to warm up and N times timed, and prints
{id: median milliseconds} as JSON on stdout.
"""
import json
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


def median_ms(stmt, env, repeats):
    code = compile(stmt, "<bench>", "exec")
    exec(code, env)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        exec(code, env)
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    request = json.load(sys.stdin)
    results = {}
    for case in request["cases"]:
        env = {"np": np, "tf": tf}
        exec(case["setup"], env)
        results[case["id"]] = median_ms(case["stmt"], env, request["repeats"])
        print(f"  reference {case['id']}: {results[case['id']]:.3f} ms", file=sys.stderr)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()

"""#
}
