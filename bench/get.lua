-- wrk script: GET the URL given on the command line (headers from -H); prints bench/report.lua's line.
dofile("bench/report.lua")
done = function(summary, latency, requests) report(summary, latency) end
