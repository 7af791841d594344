-- wrk script: POST /v1/applications with a unique Idempotency-Key per request.
-- The token comes from the environment (EID_TOKEN). Prints bench/report.lua's line.
dofile("bench/report.lua")
local token = os.getenv("EID_TOKEN")
local body = '{"kind":"temporary_residence","address":{"line":"12 Phố Huế","ward":"Ngô Thì Nhậm",'
  .. '"district":"Hai Bà Trưng","province":"Hà Nội"},"from":"2099-01-01","until":"2099-12-31",'
  .. '"reason":"work","host":{"full_name":"Trần Văn Chủ","id_number":"001080000001","relationship":"tenant"}}'
local n = 0
local threads = 0

-- Runs in the main state once per thread: gives each thread its own key prefix (math.random
-- would give every thread the same sequence).
setup = function(thread)
  threads = threads + 1
  thread:set("prefix", os.time() .. "-" .. threads)
end

request = function()
  n = n + 1
  return wrk.format("POST", "/v1/applications", {
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = prefix .. "-" .. n,
    ["Content-Type"] = "application/json",
  }, body)
end

done = function(summary, latency, requests) report(summary, latency) end
