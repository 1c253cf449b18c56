#!/usr/bin/env python3
"""Puts the bench and baseline JSON of a GPU results folder side by side as a Markdown table (used by run-on-gpu.sh).

Usage: summarize.py RESULTS_DIR
"""
import json
import os
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def main():
    results = sys.argv[1]
    torch_rows = {}
    baseline = load(os.path.join(results, "torch-baseline.json"))
    if baseline:
        for row in baseline["results"]:
            torch_rows[(row["dtype"], row["tokens"])] = row["median_ms"]
        print("PyTorch %s, transformers %s, GPU %s" % (baseline["torch"], baseline["transformers"], baseline["gpu"]))
        print()
    print("| dtype | tokens | coordinator router ms | coordinator full ms | PyTorch full prefill ms |")
    print("| --- | --- | --- | --- | --- |")
    for dtype in ("fp32", "fp16"):
        bench = load(os.path.join(results, "bench-%s.json" % dtype))
        if not bench:
            print("| %s | - | no bench result | | |" % dtype)
            continue
        by_tokens = {}
        for row in bench["results"]:
            by_tokens.setdefault(row["tokens"], {})[row["mode"]] = row["median_ms"]
        for tokens in sorted(by_tokens):
            modes = by_tokens[tokens]
            torch_ms = torch_rows.get((dtype, tokens))
            print("| %s | %d | %s | %s | %s |" % (
                dtype, tokens, fmt(modes.get("router")), fmt(modes.get("full")), fmt(torch_ms)))
    for dtype in ("fp32", "fp16"):
        golden = load(os.path.join(results, "golden-%s.json" % dtype))
        if golden:
            worst = max((c.get("max_abs_diff", float("inf")) for c in golden["cases"]), default=float("nan"))
            print()
            print("golden %s on %s: %s, worst max abs diff %.3g (bound %g)" % (
                dtype, golden["device"], "passed" if golden["passed"] else "FAILED", worst, golden["max_abs_bound"]))
    return 0


def fmt(value):
    return "-" if value is None else "%.2f" % value


if __name__ == "__main__":
    sys.exit(main())
