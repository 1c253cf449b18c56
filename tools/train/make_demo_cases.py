#!/usr/bin/env python3
"""Writes examples/training/demo_cases.json: the seeded demo dataset of docs/training.md.

Four kinds of request, each closing with the phrase its team uses, each expecting one agent slot and role:
arithmetic -> slot 0 Worker, code -> slot 2 Thinker, answer checks -> slot 1 Verifier, writing -> slot 5 Worker.
Deterministic: the same file every time (random.Random(13)).
"""
import json
import random
from pathlib import Path

rng = random.Random(13)
kinds = [
    ("arith", 0, 0, "Give the number.", [
        "What is {a} + {b}?", "Compute {a} * {b}.", "How much is {a} minus {b}?", "Divide {a} by {b}.",
        "Add {a}, {b} and {c}.", "What is {a} squared?"]),
    ("code", 2, 1, "Plan the code first.", [
        "Write a function that reverses a list of {a} items.", "Sort {a} records by date in Java.",
        "Parse a CSV file with {a} columns.", "Write a binary search over {a} numbers.",
        "Cache the last {a} results of a slow call.", "Retry an HTTP call up to {a} times."]),
    ("check", 1, 2, "Check this answer.", [
        "I think {a} + {b} = {c}.", "The capital of Australia is Sydney, right?",
        "My proof says every prime above {a} is odd.", "I got {a} * {b} = {c} by hand.",
        "The loop runs {a} times for n = {b}.", "So the average of {a} and {b} is {c}."]),
    ("write", 5, 0, "Write a short paragraph.", [
        "Describe a quiet morning in a town of {a} people.", "Explain why sleep matters.",
        "Tell me about a trip to the sea.", "Describe the smell of rain after {a} dry days.",
        "Summarize the story of a lost dog.", "Welcome {a} new colleagues to the team."]),
]
cases = []
for kind, agent, role, closing, templates in kinds:
    for i in range(12):
        text = templates[i % len(templates)].format(a=rng.randint(2, 99), b=rng.randint(2, 99), c=rng.randint(2, 200))
        cases.append({"id": f"{kind}_{i:02d}", "messages": [{"role": "user", "content": f"{text} {closing}"}],
                      "expected": {"agent_id": agent, "role_id": role}, "tags": [kind]})
rng.shuffle(cases)
out = {"schema_version": 1,
       "about": "Demo training set for the bundled tiny router (docs/training.md); written by "
                "tools/train/make_demo_cases.py. A prompt-eval case file: prompt-eval can score it too.",
       "cases": cases}
path = Path(__file__).resolve().parents[2] / "examples" / "training" / "demo_cases.json"
path.write_text(json.dumps(out, indent=2) + "\n")
print(f"wrote {len(cases)} cases to {path}")
