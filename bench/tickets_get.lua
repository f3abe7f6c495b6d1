-- wrk script for the baseline of bench/tickets_bench.py: GET the request form page.
local threads = {}
errors = 0

function setup(thread)
  table.insert(threads, thread)
end

response = function(status, headers, body)
  if status ~= 200 then
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
