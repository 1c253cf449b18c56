#!/usr/bin/env python3
"""A recording HTTP proxy: forwards every POST to UPSTREAM and appends one JSON line per request to LOG with the
path, the HTTP status llama-server answered, the roles of the request's messages and the request body
(llama-server itself does not log statuses or bodies). Standard library only.

Usage: record_proxy.py PORT UPSTREAM LOG   (e.g. record_proxy.py 8081 http://127.0.0.1:8080 requests.jsonl)
"""
import json
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, upstream, log = int(sys.argv[1]), sys.argv[2].rstrip("/"), sys.argv[3]


class Proxy(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        forward = urllib.request.Request(upstream + self.path, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(forward, timeout=300) as reply:
                status, answer = reply.status, reply.read()
        except urllib.error.HTTPError as error:
            status, answer = error.code, error.read()
        request = json.loads(body)
        with open(log, "a") as out:
            out.write(json.dumps({"path": self.path, "status": status,
                                  "roles": [m["role"] for m in request.get("messages", [])],
                                  "request": request, "response": json.loads(answer)}) + "\n")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Proxy).serve_forever()
