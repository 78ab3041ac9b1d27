-- One wrk thread = one connection = one labeler (run wrk with -t N -c N): wrk's Lua hooks do not say
-- which connection a request is for, so a per-labeler state machine needs a Lua state of its own.
-- Loop: POST …/tasks/next → (think) → POST …/tasks/{taskId}/answer → POST …/tasks/next …
-- Args (after --): campaign id, think|nothink. Environment: HOTPATH_TOKENS (file of API tokens, one a
-- line, one per labeler), HOTPATH_SAMPLES (file the samples are written to).
-- Each response is timed here (monotonic clock through LuaJIT's ffi) and kept per endpoint with its
-- status and when it was sent; done() writes them all as "endpoint status microseconds sent-epoch-ms" lines for
-- bench/hotpath.sh (the send time lines a slow request up with the server's log, e.g. its GC log).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } hotpath_timespec;
  int clock_gettime(int clock, hotpath_timespec *ts);
]]
local CLOCK_REALTIME, CLOCK_MONOTONIC = 0, 1
local clock = ffi.new("hotpath_timespec")
local function now_us(which)
  ffi.C.clock_gettime(which or CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

-- main Lua state: hand each thread its labeler's token -------------------------------------------
local threads = {}
local tokens = {}

function setup(thread)
  if #tokens == 0 then
    local file = assert(io.open(os.getenv("HOTPATH_TOKENS"), "r"))
    for line in file:lines() do
      if line ~= "" then tokens[#tokens + 1] = line end
    end
    file:close()
  end
  local n = #threads + 1
  assert(n <= #tokens, "more wrk threads than labeler tokens")
  thread:set("token", tokens[n])
  thread:set("labeler", n)
  threads[n] = thread
end

-- each thread's own Lua state --------------------------------------------------------------------
-- token and labeler are globals set by setup() (thread:set); samples is a global read by done()
local campaign, think
local pending = "next"      -- what the next request is: "next" or "answer"
local task                  -- public id of the task held
local sent_at, sent_wall, sent_kind
local none_left = false     -- last lease answered 204: back off a little instead of spinning
local answers = 0
samples = {}

function init(args)
  campaign = args[1]
  think = args[2] == "think"
  math.randomseed(labeler * 7919 + os.time())
end

function delay()
  if pending == "answer" and think then
    return math.random(2000, 4000) -- the labeler reads the two replies before answering
  end
  if none_left then
    return 200
  end
  return 0
end

function request()
  local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  sent_kind = pending
  sent_at = now_us()
  sent_wall = now_us(CLOCK_REALTIME)
  if pending == "answer" then
    -- A and B alternate per labeler: a labeler who always picked one side would (rightly) be flagged
    -- for position bias and dropped, and a dropped labeler's answers earn no ledger rows.
    answers = answers + 1
    local choice = (answers % 2 == 0) and "A" or "B"
    return wrk.format("POST", "/api/campaigns/" .. campaign .. "/tasks/" .. task .. "/answer", headers,
      '{"choice":"' .. choice .. '"}')
  end
  return wrk.format("POST", "/api/campaigns/" .. campaign .. "/tasks/next", headers, "")
end

function response(status, headers, body)
  local took = math.floor(now_us() - sent_at)
  samples[#samples + 1] = sent_kind .. " " .. status .. " " .. took .. " " .. math.floor(sent_wall / 1000)
  if sent_kind == "next" then
    none_left = status == 204
    if status == 200 then
      task = body:match('"taskId"%s*:%s*(%d+)')
      if task then pending = "answer" end
    end
  else
    pending = "next" -- whatever the answer got, ask again (a lease still held is handed back by next)
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("HOTPATH_SAMPLES"), "w"))
  for _, thread in ipairs(threads) do
    for _, line in ipairs(thread:get("samples")) do
      out:write(line, "\n")
    end
  end
  out:close()
  local e = summary.errors
  io.write(string.format("wrk socket errors: connect %d, read %d, write %d, timeout %d\n",
    e.connect, e.read, e.write, e.timeout))
end
