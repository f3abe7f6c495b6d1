-- wrk script for bench/tickets_bench.py: POSTs the public request form with a CSRF cookie and
-- token fetched beforehand (by the Python driver, through a real GET of the form). Every
-- request has its own e-mail address and subject. Non-302 answers are counted as errors.
local token = os.getenv("BENCH_CSRF_TOKEN")
local cookie = os.getenv("BENCH_CSRF_COOKIE")
local category = os.getenv("BENCH_CATEGORY")
local threads = {}
counter = 0
errors = 0
thread_id = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = tid
end

request = function()
  counter = counter + 1
  local body = "csrfmiddlewaretoken=" .. token
    .. "&category=" .. category
    .. "&subject=Payment+failed+at+checkout+" .. counter
    .. "&description=The+payment+failed+with+error+E1001+although+my+balance+is+enough."
    .. "&transaction_number=TXN-2026-" .. counter
    .. "&error_message=E1001"
    .. "&name=Bench+Customer"
    .. "&email=bench-" .. thread_id .. "-" .. counter .. "%40example.com"
    .. "&website="
  return wrk.format("POST", "/en/requests/new/", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. cookie,
  }, body)
end

response = function(status, headers, body)
  if status ~= 302 then
    errors = errors + 1
  end
end

done = function(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("errors")
  end
  io.write(string.format(
    "BENCH_RESULT {\"requests\": %d, \"seconds\": %.3f, \"non_302\": %d, " ..
    "\"p50_ms\": %.2f, \"p90_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f}\n",
    summary.requests, summary.duration / 1e6, failed,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
