-- wrk script for bench/api_tickets.py: POSTs a request (ticket) to the REST API as a key with
-- the tickets:customer scope acting for one wallet user, each with its own Idempotency-Key and
-- subject. Non-201 answers are counted as errors.
local key = os.getenv("BENCH_API_KEY")
local wallet_user = os.getenv("BENCH_WALLET_USER")
local topic = os.getenv("BENCH_CATEGORY")
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
  local body = '{"topic": ' .. topic
    .. ', "subject": "Payment failed at checkout ' .. counter .. '"'
    .. ', "description": "The payment failed with error E1001 although my balance is enough."'
    .. ', "transaction_number": "TXN-2026-' .. counter .. '"'
    .. ', "error_message": "E1001"}'
  return wrk.format("POST", "/api/v1/tickets", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
    ["X-Wallet-User-Id"] = wallet_user,
    ["Idempotency-Key"] = "bench-" .. thread_id .. "-" .. counter .. "-" .. os.time(),
  }, body)
end

response = function(status, headers, body)
  if status ~= 201 then
    errors = errors + 1
  end
end

done = function(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("errors")
  end
  io.write(string.format(
    "BENCH_RESULT {\"requests\": %d, \"seconds\": %.3f, \"non_201\": %d, " ..
    "\"p50_ms\": %.2f, \"p90_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f}\n",
    summary.requests, summary.duration / 1e6, failed,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
