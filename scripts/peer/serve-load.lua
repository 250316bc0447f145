-- wrk script for scripts/peer/serve-load: at the end of a run, prints one
-- line with wrk's own counters and exact latency percentiles (microseconds),
-- which serve-load parses instead of wrk's rounded human-readable summary.
--
--   @@serve-load requests=N duration_us=N bytes=N connect=N read=N write=N
--                timeout=N status=N p50_us=N p90_us=N p99_us=N max_us=N mean_us=N
--
-- status counts responses outside 2xx/3xx; connect/read/write/timeout are the
-- socket errors. Percentiles are of the completed requests (0 when none).

done = function(summary, latency, requests)
   local e = summary.errors
   local function pct(p)
      if summary.requests == 0 then return 0 end
      return latency:percentile(p)
   end
   io.write(string.format(
      "@@serve-load requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d timeout=%d status=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f\n",
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.timeout, e.status,
      pct(50), pct(90), pct(99),
      summary.requests > 0 and latency.max or 0,
      summary.requests > 0 and latency.mean or 0))
end
