# Shared by run.sh and gateway.sh (sourced, not run): the knobs, waiting for a server, fetching as a reader, the
# measurement loop (a warm-up per scenario, then interleaved rounds of wrk with a CPU sample mid-run), isolating the
# notice ContentGate inserted, nginx's geoip2 rules for the same notice, and stopping the servers (their reports read
# the measurements back with wrkresults.py). The caller sets LT_LOG_PREFIX before sourcing, WORK and PIDS before
# starting servers, and PAGE and SCENARIOS ("key|label|port|reader address" rows) before measuring.
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

# The bytes ContentGate inserted: page-with-notice minus page-without (common prefix and suffix stripped), checked to
# be one insertion right after the anchor tag, where nginx's sub_filter can reproduce it. Writes them to out-file.
extract_notice() { # page-with-notice page-without out-file anchor
    python3 - "$@" <<'PY'
import sys
with_notice, without, out, anchor = sys.argv[1:]
on = open(with_notice, encoding="utf-8").read()
off = open(without, encoding="utf-8").read()
p = 0
while p < min(len(on), len(off)) and on[p] == off[p]:
    p += 1
s = 0
while s < min(len(on), len(off)) - p and on[-1 - s] == off[-1 - s]:
    s += 1
inserted, removed = on[p:len(on) - s], off[p:len(off) - s]
if removed or not inserted or "$" in inserted or anchor not in on:
    sys.exit(f"cannot isolate the injected notice: pages differ beyond one insertion after {anchor}")
# Re-anchor: the insertion must sit right after the anchor for sub_filter to reproduce it.
i = on.index(anchor) + len(anchor)
if on[i:i + len(inserted)] != inserted or on[:i] + on[i + len(inserted):] != off:
    sys.exit(f"the notice is not inserted right after {anchor}")
open(out, "w", encoding="utf-8").write(inserted)
PY
}

# nginx's side of the same rules, for an http {} block: the reader from X-Forwarded-For sent on loopback, geoip2 on
# the database ContentGate reads, and $contentgate_notice set to the notice for russia-controlled (RU, or UA with
# subdivisions 43, 40, 14, 09, 23, 65).
nginx_geo_rules() { # database notice-file
    local notice
    notice="$(sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g" "$2" | tr -d '\n')"
    cat <<NGINX
    set_real_ip_from 127.0.0.1;
    real_ip_header X-Forwarded-For;
    geoip2 $1 {
        \$geoip2_country_code country iso_code;
        \$geoip2_subdivision subdivisions 0 iso_code;
    }
    map "\$geoip2_country_code-\$geoip2_subdivision" \$contentgate_notice {
        default "";
        ~^RU- '$notice';
        ~^UA-(43|40|14|09|23|65)\$ '$notice';
    }
NGINX
}

# For the caller's EXIT trap: stops the servers it started (PIDS), then removes WORK, or keeps it and says so when the
# run failed.
stop_servers_and_clean() { # exit-status suite-name
    local pid
    for pid in "${PIDS[@]:-}"; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]:-}"; do
        [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
    done
    if [ "$1" -ne 0 ]; then
        echo "$2 failed (exit $1); logs kept in $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
