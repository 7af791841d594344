-- The summary line every wrk script under bench/ prints, which bench/*.sh turn into table rows:
-- requests, answers with status 400 or more, socket errors (connect, read, write, timeout),
-- p50, p99 (of every answer: wrk's histogram cannot tell the accepted from the shed), requests
-- per second, and answers below 400 per second.
function report(summary, latency)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("requests %d, errors %d, socket %d, p50 %.1f ms, p99 %.1f ms, rps %.0f, ok %.0f\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / seconds, (summary.requests - e.status) / seconds))
end
