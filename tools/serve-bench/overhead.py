#!/usr/bin/env python3
"""The server's overhead over the in-process route: one keep-alive client sends the 37 prompt-eval transcripts to
POST /v1/route one at a time; each answer carries the engine's own timings (tokenize + forward), so the client's
wall time minus those is what HTTP, JSON, the batcher hand-off, the head and the hashes add.

    python3 tools/serve-bench/overhead.py http://127.0.0.1:8080 [ROUNDS]
"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse

url = urllib.parse.urlparse(sys.argv[1])
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
cases = json.load(open("examples/fixtures/qwen_router_prompt_eval_cases.json"))["cases"]
bodies = [json.dumps({"messages": c["messages"]}).encode() for c in cases]
conn = http.client.HTTPConnection(url.hostname, url.port)


def server_seconds():
    """The server's own time in POST /v1/route so far (its HTTP timer): (sum of seconds, count)."""
    conn.request("GET", "/metrics")
    total, count = 0.0, 0
    for line in conn.getresponse().read().decode().splitlines():
        if 'uri="/v1/route"' in line and 'method="POST"' in line:
            if line.startswith("http_server_requests_seconds_sum"):
                total += float(line.rsplit(" ", 1)[1])
            elif line.startswith("http_server_requests_seconds_count"):
                count += int(float(line.rsplit(" ", 1)[1]))
    return total, count


wall, engine = [], []
before = None
for r in range(rounds + 1):
    if r == 1:
        before = server_seconds()
    for body in bodies:
        start = time.perf_counter()
        conn.request("POST", "/v1/route", body, {"Content-Type": "application/json"})
        answer = json.loads(conn.getresponse().read())
        ms = (time.perf_counter() - start) * 1e3
        if r > 0:  # the first round warms up
            wall.append(ms)
            engine.append(answer["timings_ms"]["tokenize"] + answer["timings_ms"]["forward"])
after = server_seconds()
server_mean = (after[0] - before[0]) / (after[1] - before[1]) * 1e3
overhead = [w - e for w, e in zip(wall, engine)]
q = lambda xs, p: sorted(xs)[max(0, int(len(xs) * p / 100 + 0.5) - 1)]
print(f"{len(wall)} routes: client p50 {q(wall, 50):.2f} ms; engine (tokenize + forward) p50 {q(engine, 50):.2f} ms; "
      f"overhead p50 {q(overhead, 50):.2f} ms, p99 {q(overhead, 99):.2f} ms (client to client); inside the server: "
      f"mean {server_mean:.2f} ms per request against the engine's mean {statistics.mean(engine):.2f} ms, so "
      f"{server_mean - statistics.mean(engine):.2f} ms of Jetty, JSON, batcher hand-off, head and hashes")
