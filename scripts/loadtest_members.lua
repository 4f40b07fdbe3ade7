-- wrk script of scripts/loadtest.sh: the logged-in mix. Each argument is "PATH COOKIE" (a page and
-- the session cookie of the person who asks for it: an officer's commitments, a group member's
-- dashboard, a representative's organisation page); each request picks one at random. The 95th
-- percentile is printed at the end, as in loadtest.lua.
local pages = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  math.randomseed(os.time() + (id or 0) * 7919)
  for _, arg in ipairs(args) do
    local path, cookie = arg:match("^(%S+)%s+(%S+)$")
    if path then pages[#pages + 1] = { path = path, cookie = cookie } end
  end
end

function request()
  local page = pages[math.random(#pages)]
  return wrk.format("GET", page.path, { ["Host"] = "127.0.0.1", ["Cookie"] = "sessionid=" .. page.cookie })
end

function done(summary, latency, requests)
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  io.write(string.format("RESULT requests=%d duration_s=%.1f rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors.status, socket_errors))
end
