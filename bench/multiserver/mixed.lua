-- The bench's mixed practitioner reads (bench/load.go mixedWorkload): the
-- case page, the caseload, a people search, the running record and My work,
-- in equal parts, each as one of the signed-in practitioners on their own
-- cases. reqs.txt holds "cookie|path" lines made by run.sh.
local reqs = {}
local counter = 0
function init(args)
  for line in io.lines("reqs.txt") do
    local cookie, path = line:match("([^|]+)|(.+)")
    table.insert(reqs, {cookie = cookie, path = path})
  end
  counter = math.random(#reqs)
end
function request()
  counter = counter % #reqs + 1
  local r = reqs[counter]
  return wrk.format("GET", r.path, {["Cookie"] = r.cookie})
end
-- Each thread counts the responses that were not the page (a redirect to
-- sign in, an error); done adds them up from every thread.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
not200 = 0
function response(status, headers, body)
  if status ~= 200 then not200 = not200 + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("not200") end
  io.write(string.format("RESULT req/s=%.1f p50=%.2fms p99=%.2fms n=%d errors=%d not200=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, bad))
end
