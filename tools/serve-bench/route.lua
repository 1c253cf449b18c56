-- wrk script: POST /v1/route with the 37 prompt-eval transcripts of bodies.jsonl, round robin, each connection
-- starting at its own offset; with TOKEN in the environment it sends the bearer token.
local bodies = {}
for line in io.lines(os.getenv("BODIES") or "bodies.jsonl") do
  bodies[#bodies + 1] = line
end
local counter = 0
local token = os.getenv("TOKEN")

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter * 7)
end

local i = 0
function request()
  i = i + 1
  local headers = {["Content-Type"] = "application/json"}
  if token then
    headers["Authorization"] = "Bearer " .. token
  end
  return wrk.format("POST", "/v1/route", headers, bodies[((i + (offset or 0)) % #bodies) + 1])
end

function done(summary, latency, requests)
  io.write(string.format("routes %d, %.1f routes/s, p50 %.2f ms, p99 %.2f ms, errors %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
