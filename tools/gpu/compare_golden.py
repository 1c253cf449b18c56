#!/usr/bin/env python3
"""Golden hidden-state check on CUDA without Maven: runs `coordinator extract --device cuda` for every case of the
tiny fixture's golden.json and compares every hidden_states entry at the penultimate and last positions.

Tolerances (coordinator-cuda/src/test/resources/qwen3-tiny/README, "Suggested tolerances"):
  fp32: every entry max abs diff <= 1e-4 and cosine >= 0.99999; entry 0 (the embedding rows) exact.
  fp16: every entry max abs diff <= 0.1 and cosine >= 0.9995 against the float32 golden (the fixture's bound for a
        half-precision run; fp16 has more mantissa bits than the bf16 run it was measured on).

Usage: compare_golden.py --golden golden.json --model-dir DIR --dtype fp32|fp16 [--json OUT] -- JAVA ARGS... MAIN
The command after `--` starts the CLI (the part before `extract`). Exit 0 when every case passes.
"""
import argparse
import json
import math
import subprocess
import sys

TOLERANCE = {"fp32": (1e-4, 0.99999), "fp16": (0.1, 0.9995)}


def compare(actual, expected):
    diff = max(abs(a - e) for a, e in zip(actual, expected))
    dot = sum(a * e for a, e in zip(actual, expected))
    na = math.sqrt(sum(a * a for a in actual))
    ne = math.sqrt(sum(e * e for e in expected))
    cosine = dot / max(na * ne, 1e-30)
    return diff, cosine


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--golden", required=True)
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--dtype", choices=sorted(TOLERANCE), required=True)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--json")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the CLI command after --")
    max_abs, min_cos = TOLERANCE[args.dtype]
    with open(args.golden) as f:
        golden = json.load(f)
    report = {"dtype": args.dtype, "device": args.device, "max_abs_bound": max_abs, "min_cosine_bound": min_cos,
              "cases": []}
    ok = True
    for case in golden["cases"]:
        ids = ",".join(str(i) for i in case["input_ids"])
        run = subprocess.run(command + ["extract", "--model-dir", args.model_dir, "--device", args.device,
                                        "--dtype", args.dtype, "--ids", ids, "--position", "all", "--all-layers",
                                        "--json"], capture_output=True, text=True)
        entry = {"name": case["name"], "seq_len": case["seq_len"]}
        if run.returncode != 0:
            entry["error"] = (run.stderr.strip().splitlines() or ["exit %d" % run.returncode])[-1]
            print("%-22s FAILED: %s" % (case["name"], entry["error"]))
            report["cases"].append(entry)
            ok = False
            continue
        out = json.loads(run.stdout)
        states = out["hidden_states"]
        worst_abs, worst_cos, exact_embedding = 0.0, 1.0, True
        for k, expected in enumerate(case["float32"]["hidden_states"]):
            for which in ("penultimate", "last"):
                position = case["positions"][which]
                diff, cosine = compare(states[k][position], expected[which])
                worst_abs, worst_cos = max(worst_abs, diff), min(worst_cos, cosine)
                if k == 0 and diff != 0.0:
                    exact_embedding = False
        passed = worst_abs <= max_abs and worst_cos >= min_cos and (exact_embedding or args.dtype != "fp32")
        passed = passed and out.get("device", "").startswith("gpu" if args.device.startswith("cuda") else "cpu")
        entry.update({"device": out.get("device"), "dtype": out.get("dtype"), "max_abs_diff": worst_abs,
                      "min_cosine": worst_cos, "embedding_exact": exact_embedding, "passed": passed})
        report["cases"].append(entry)
        ok = ok and passed
        print("%-22s n=%-4d device=%s dtype=%s max_abs=%.3g min_cos=%.8f embedding_exact=%s %s"
              % (case["name"], case["seq_len"], out.get("device"), out.get("dtype"), worst_abs, worst_cos,
                 exact_embedding, "ok" if passed else "FAILED"))
    report["passed"] = ok
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
    print("golden %s on %s: %s (bounds: max abs <= %g, cosine >= %g%s)"
          % (args.dtype, args.device, "PASSED" if ok else "FAILED", max_abs, min_cos,
             ", embeddings exact" if args.dtype == "fp32" else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
