# Shared by run.sh and gateway.sh (sourced, not run): the knobs, waiting for a server, fetching as a reader, and the
# measurement loop (a warm-up per scenario, then interleaved rounds of wrk with a CPU sample mid-run). The caller sets
# LT_LOG_PREFIX before sourcing, and WORK, PAGE and SCENARIOS ("key|label|port|reader address" rows) before measuring.
DURATION="${LT_DURATION:-10s}"
WARMUP="${LT_WARMUP:-2s}"
APP_WARMUP="${LT_APP_WARMUP:-6s}"
ROUNDS="${LT_ROUNDS:-3}"
THREADS="${LT_THREADS:-2}"
CONNECTIONS="${LT_CONNECTIONS:-32}"
RU_IP="203.0.113.1"    # demo database: Russia
DE_IP="203.0.113.73"   # demo database: Germany

log() { printf '[%s] %s\n' "$LT_LOG_PREFIX" "$*" >&2; }

wait_http() { # url
    for _ in $(seq 1 150); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.2
    done
    log "no answer from $1"; return 1
}

fetch() { curl -fsS -H "X-Forwarded-For: $1" "$2"; }

# Writes $WORK/wrk-<key>-<round>.txt, $WORK/top-<key>-<round>.txt and $WORK/wrk-<key>.label for every scenario; runs
# the command given as arguments (if any) after each measurement.
measure_scenarios() {
    local row key label port ip url round sampler
    log "warming up (JIT tiering, connection pools): ${APP_WARMUP} per scenario"
    for row in "${SCENARIOS[@]}"; do
        IFS='|' read -r key label port ip <<<"$row"
        timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$APP_WARMUP" -H "X-Forwarded-For: $ip" "http://127.0.0.1:$port$PAGE" >/dev/null
    done
    for round in $(seq 1 "$ROUNDS"); do
        for row in "${SCENARIOS[@]}"; do
            IFS='|' read -r key label port ip <<<"$row"
            url="http://127.0.0.1:$port$PAGE"
            log "round $round/$ROUNDS ($key) $label: warm-up $WARMUP, then wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
            timeout 120 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "X-Forwarded-For: $ip" "$url" >/dev/null
            # A CPU sample taken during the measurement, to show whether anything else was competing for the cores.
            (sleep 3; top -b -n 2 -d 2 -w 250 | awk '/^top -/{n++} n==2' >"$WORK/top-$key-$round.txt") &
            sampler=$!
            timeout 300 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "X-Forwarded-For: $ip" "$url" >"$WORK/wrk-$key-$round.txt"
            wait "$sampler" || true
            printf '%s\n%s\n' "$label" "$url" >"$WORK/wrk-$key.label"
            if [ "$#" -gt 0 ]; then "$@"; fi
        done
    done
}
