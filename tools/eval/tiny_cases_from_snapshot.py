#!/usr/bin/env python3
"""Writes the tiny demo router's prompt-eval cases: the reference's 37 conversations with `expected` set to the
decisions recorded in a snapshot of the tiny router (examples/fixtures/README.md says when and why).

usage: tiny_cases_from_snapshot.py CASES.json SNAPSHOT.json OUT.json
"""
import json
import sys


def main(cases_path, snapshot_path, out_path):
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    with open(snapshot_path, encoding="utf-8") as f:
        snapshot = {c["id"]: c for c in json.load(f)["cases"]}
    out = []
    for case in cases["cases"]:
        decided = snapshot[case["id"]]
        out.append({
            "id": case["id"],
            "messages": case["messages"],
            "expected": {"agent_id": decided["agent_id"], "role_id": decided["role_id"]},
            "tags": case.get("tags", []),
            "notes": "expected = the tiny demo router's own decision (synthetic weights), not a quality judgement; "
                     "reference expectation: agent %d role %d" % (case["expected"]["agent_id"],
                                                                  case["expected"]["role_id"]),
        })
    doc = {
        "schema_version": 1,
        "about": "Regression cases for the bundled tiny demo router (priv/qwen3-tiny + priv/qwen3-tiny-svf). Same "
                 "conversations as qwen_router_prompt_eval_cases.json; expected decisions were recorded from "
                 "tiny_prompt_eval_snapshot.json by tools/eval/tiny_cases_from_snapshot.py.",
        "cases": out,
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
