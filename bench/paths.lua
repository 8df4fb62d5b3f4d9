-- wrk script for bench/load.sh and bench/frus.sh: each connection walks the
-- request paths in the file FONDS_PATHS (one a line) from its own starting
-- point; the summary is one line, "FONDS requests seconds p50_ms p99_ms
-- max_ms connect_errors read_errors write_errors timeouts non_2xx".
local paths = {}
for line in io.lines(os.getenv("FONDS_PATHS")) do
    paths[#paths + 1] = line
end
local i = 0
function setup(thread)
    thread:set("start", math.random(#paths))
end
function request()
    i = i + 1
    return wrk.format("GET", paths[((start or 0) + i) % #paths + 1])
end
function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("FONDS %d %.3f %.3f %.3f %.3f %d %d %d %d %d\n",
        summary.requests, summary.duration / 1e6,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
        e.connect, e.read, e.write, e.timeout, e.status))
end
