-- wrk script of scripts/loadtest.sh: the public organisation list and the initiative catalogue,
-- with filters and pages chosen at random (within the pages the large data set has), and the
-- 95th percentile printed at the end (wrk's own --latency stops at 50/75/90/99).
local kinds = { "ideell_forening", "stiftelse", "natverk", "kooperativ" }
local steps = { "initiative", "implementation", "result", "evaluation", "follow_up" }
local words = { "klubb", "förening", "Dalby", "Lund", "kör", "scout" }
local counter = 0

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  math.randomseed(os.time() + (id or 0) * 7919)
end

local function organisation_list()
  local roll = math.random(4)
  if roll == 1 then
    return "/organisationer/?page=" .. math.random(150)
  elseif roll == 2 then
    return "/organisationer/?kind=ideell_forening&page=" .. math.random(100)
  elseif roll == 3 then
    return "/organisationer/?kind=" .. kinds[math.random(#kinds)]
  end
  return "/organisationer/?q=" .. urlencode(words[math.random(#words)])
end

local function initiative_catalogue()
  local roll = math.random(4)
  if roll == 1 then
    return "/initiativ/?page=" .. math.random(60)
  elseif roll == 2 then
    return "/initiativ/?step=" .. steps[math.random(#steps)] .. "&page=" .. math.random(6)
  elseif roll == 3 then
    -- the search by a part of a party's name (the filter that was a list of every organisation)
    return "/initiativ/?organisation=" .. urlencode(words[math.random(#words)])
  end
  return "/initiativ/?q=" .. urlencode(words[math.random(#words)])
end

function request()
  local path = (math.random(2) == 1) and organisation_list() or initiative_catalogue()
  return wrk.format("GET", path, { ["Host"] = "127.0.0.1" })
end

function done(summary, latency, requests)
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  io.write(string.format("RESULT requests=%d duration_s=%.1f rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors.status, socket_errors))
end
