-- wrk script for bench/collector.sh: POST /e with the body in $BODY, as the tracker sends it
-- (text/plain, an ordinary desktop Chrome User-Agent). wrk itself counts non-2xx replies (503
-- when the producer cannot keep up); no response() hook, which would slow wrk down.
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain;charset=UTF-8"
wrk.headers["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 " ..
    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
wrk.body = os.getenv("BODY")
