#!/usr/bin/env bash
# ContentGate load test: the sample in Release on 127.0.0.1, driven by wrk, against the nginx + GeoIP2 peer.
#
#   scripts/loadtest/run.sh                      # both suites, one after the other
#   LT_SUITE=sample scripts/loadtest/run.sh      # this file's suite only: the sample app vs nginx in front of it
#   LT_SUITE=gateway scripts/loadtest/run.sh     # like for like (gateway.sh): ContentGate.Gateway vs nginx proxy_pass,
#                                                # both before one nginx origin; an app with ContentGate vs nginx from disk
#
# Knobs (environment): LT_DURATION (10s), LT_ROUNDS (3: scenarios interleaved, medians reported),
# LT_APP_WARMUP (6s per scenario once, before round 1), LT_WARMUP (2s before every measurement), LT_THREADS (2), LT_CONNECTIONS (32),
# LT_DISMISSIBLE (0: static notice; 1: the sample's dismissible notice with an antiforgery token per response),
# LT_PORT_BASE (5101: the app with ContentGate on, +1 the app with no policies, +2 nginx).
# Writes scripts/loadtest/results/<UTC date-time>.md with the table and every raw wrk output.
# Everything listens on 127.0.0.1 only; every process started here is stopped on exit.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
LT_LOG_PREFIX=loadtest
# shellcheck source=common.sh
. "$HERE/common.sh"
DISMISSIBLE="${LT_DISMISSIBLE:-0}"
PORT_ON="${LT_PORT_BASE:-5101}"
PORT_OFF=$((PORT_ON + 1))
PORT_NGINX=$((PORT_ON + 2))
PAGE="/"

WORK="$(mktemp -d /tmp/contentgate-loadtest.XXXXXX)"
PIDS=()
cleanup() {
    local rc=$?
    if [ -f "$WORK/nginx.pid" ]; then
        kill "$(cat "$WORK/nginx.pid" 2>/dev/null)" 2>/dev/null || true
    fi
    stop_servers_and_clean "$rc" "load test"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# ---------------------------------------------------------------- 1. tools
need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v nginx >/dev/null 2>&1 || need+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_http_geoip2_module.so ] || need+=(libnginx-mod-http-geoip2)
if [ "${#need[@]}" -gt 0 ]; then
    log "installing ${need[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# Debian's nginx package starts a system nginx on port 80; it is not used here and left alone.
command -v python3 >/dev/null 2>&1 || { log "python3 is required"; exit 1; }

case "${LT_SUITE:-all}" in
    sample) ;;
    gateway) rmdir "$WORK"; trap - EXIT; exec "$HERE/gateway.sh" ;;
    all) rmdir "$WORK"; trap - EXIT; LT_SUITE=sample "$HERE/run.sh"; exec "$HERE/gateway.sh" ;;
    *) log "LT_SUITE must be all, sample or gateway"; exit 2 ;;
esac

# ---------------------------------------------------------------- 2. build
log "publishing samples/ContentGate.Sample in Release"
dotnet publish "$ROOT/samples/ContentGate.Sample" -c Release -o "$WORK/app" --nologo -v quiet >"$WORK/publish.log" 2>&1 \
    || { cat "$WORK/publish.log" >&2; exit 1; }

# "ContentGate off": the same build in a second content root whose appsettings.json keeps the sample's database
# and region sets but has no policies. UseContentGate() stays in the pipeline (no code change) and still resolves
# the region, because the page itself needs it: its contentgate-hide-for / <region-gate> tag helpers name
# "russia-controlled" (without the set they log an error on every request; without a source the page becomes the
# "region unknown" variant). So the baseline is "no policies": the same page, same bytes, as the German visitor
# gets with ContentGate on, and the ratios show the cost of the policies (matching, injecting), not of the lookup.
cp -r "$WORK/app" "$WORK/app-off"
python3 - "$WORK/app/appsettings.json" "$WORK/app-off/appsettings.json" <<'PY2'
import json, sys
cfg = json.load(open(sys.argv[1], encoding="utf-8"))
gate = cfg["ContentGate"]
cfg["ContentGate"] = {k: gate[k] for k in ("MaxMind", "RegionSets", "Languages") if k in gate}
json.dump(cfg, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY2

# Passed with env(1): configuration keys with "-" or "." are not valid shell variable names.
APP_ENV=(
    ASPNETCORE_ENVIRONMENT=Development            # the sample trusts X-Forwarded-For from loopback only here
    Logging__LogLevel__Default=Warning
    Logging__LogLevel__ContentGate=Warning        # appsettings.Development.json sets ContentGate to Debug
    DOTNET_CLI_TELEMETRY_OPTOUT=1
)
ON_ENV=()
if [ "$DISMISSIBLE" = "1" ]; then
    NOTICE_KIND="dismissible notice (antiforgery token per response, as the sample ships)"
else
    ON_ENV+=(ContentGate__Policies__undesirable-organization__Notice__Dismissible=false)   # the "on" app only
    NOTICE_KIND="static notice (ContentGate__Policies__undesirable-organization__Notice__Dismissible=false)"
fi

start_app() { # name dir port [extra VAR=value ...]
    local name="$1" dir="$2" port="$3"; shift 3
    (cd "$dir" && exec env "${APP_ENV[@]}" "$@" dotnet "$dir/ContentGate.Sample.dll" --urls "http://127.0.0.1:$port" --contentroot "$dir") \
        >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
}

log "starting the sample: ContentGate on (:$PORT_ON) and off, no policies (:$PORT_OFF)"
start_app app-on "$WORK/app" "$PORT_ON" "${ON_ENV[@]}"
start_app app-off "$WORK/app-off" "$PORT_OFF"
wait_http "http://127.0.0.1:$PORT_ON$PAGE" || { cat "$WORK/app-on.log" >&2; exit 1; }
wait_http "http://127.0.0.1:$PORT_OFF$PAGE" || { cat "$WORK/app-off.log" >&2; exit 1; }

fetch "$RU_IP" "http://127.0.0.1:$PORT_ON$PAGE" >"$WORK/on-ru.html"
fetch "$RU_IP" "http://127.0.0.1:$PORT_OFF$PAGE" >"$WORK/off-ru.html"
grep -q data-contentgate-notice "$WORK/on-ru.html" || { log "ContentGate on: no notice for the Russian visitor"; exit 1; }
! fetch "$DE_IP" "http://127.0.0.1:$PORT_ON$PAGE" | grep -q data-contentgate-notice \
    || { log "ContentGate on: notice for the German visitor"; exit 1; }
! grep -q data-contentgate-notice "$WORK/off-ru.html" || { log "ContentGate off: notice injected"; exit 1; }
fetch "$DE_IP" "http://127.0.0.1:$PORT_ON$PAGE" >"$WORK/on-de.html"
fetch "$DE_IP" "http://127.0.0.1:$PORT_OFF$PAGE" >"$WORK/off-de.html"
cmp -s "$WORK/on-de.html" "$WORK/off-de.html" || { log "ContentGate off and on serve different pages to the German visitor"; exit 1; }

# ---------------------------------------------------------------- 3. the nginx peer
# The peer injects exactly the bytes ContentGate inserts for the Russian visitor: the difference between the
# page with and without ContentGate.
extract_notice "$WORK/on-ru.html" "$WORK/off-ru.html" "$WORK/notice.html" '<body class="site">'

MMDB="$WORK/app/App_Data/contentgate-demo-city.mmdb"
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx.conf" <<NGINX
load_module /usr/lib/nginx/modules/ngx_http_geoip2_module.so;
worker_processes auto;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;

$(nginx_geo_rules "$MMDB" "$WORK/notice.html")

    upstream sample {
        server 127.0.0.1:$PORT_OFF;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$PORT_NGINX;
        location / {
            proxy_pass http://sample;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header Accept-Encoding "";   # sub_filter needs uncompressed upstream bodies
            sub_filter '<body class="site">' '<body class="site">\$contentgate_notice';
            sub_filter_once on;
        }
    }
}
NGINX
nginx -t -c "$WORK/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx-test.log" 2>&1 || { cat "$WORK/nginx-test.log" >&2; exit 1; }
log "starting nginx + geoip2 + sub_filter (:$PORT_NGINX) in front of the no-policies app"
nginx -c "$WORK/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$PORT_NGINX$PAGE" || { cat "$WORK/nginx-error.log" >&2; exit 1; }

fetch "$RU_IP" "http://127.0.0.1:$PORT_NGINX$PAGE" >"$WORK/nginx-ru.html"
fetch "$DE_IP" "http://127.0.0.1:$PORT_NGINX$PAGE" >"$WORK/nginx-de.html"
cmp -s "$WORK/nginx-ru.html" "$WORK/on-ru.html" \
    || { log "nginx peer: the Russian page differs from ContentGate's"; diff "$WORK/nginx-ru.html" "$WORK/on-ru.html" | head >&2; exit 1; }
! grep -q data-contentgate-notice "$WORK/nginx-de.html" || { log "nginx peer: notice for the German visitor"; exit 1; }
log "verified: nginx injects the notice for $RU_IP (byte-identical to ContentGate's page) and not for $DE_IP"

# ---------------------------------------------------------------- 4. measure
SCENARIOS=(
    "a|ContentGate off (no policies; region lookup kept for the page's tag helpers)|$PORT_OFF|$DE_IP"
    "b|ContentGate on, unmatched visitor (DE)|$PORT_ON|$DE_IP"
    "c|ContentGate on, notice injected (RU)|$PORT_ON|$RU_IP"
    "d|nginx + geoip2 + sub_filter, notice injected (RU)|$PORT_NGINX|$RU_IP"
    "e|nginx + geoip2 + sub_filter, unmatched visitor (DE)|$PORT_NGINX|$DE_IP"
    "f|ContentGate off (no policies), RU visitor: the page of (c) and (d) without the notice|$PORT_OFF|$RU_IP"
)
measure_scenarios

# ---------------------------------------------------------------- 5. report
printf '%s\n' "${PIDS[@]}" >"$WORK/own.pids"
mkdir -p "$HERE/results"
STAMP="$(date -u +%Y-%m-%dT%H%MZ)"
OUT="$HERE/results/$STAMP.md"
PYTHONPATH="$HERE" python3 - "$WORK" "$OUT" "$STAMP" "$ROUNDS" "$APP_WARMUP" "$NOTICE_KIND" "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP" "$(nproc)" \
    "$(dotnet --version)" "$(nginx -v 2>&1 | sed 's/.*: //')" "$(wrk -v 2>&1 | head -1 | awk '{print $2}')" \
    "$(uname -sr)" "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)" <<'PY'
import os, sys
work, out, stamp, rounds, appwarm, notice, threads, conns, duration, warmup, cores, dotnet, nginx, wrk, kernel, cpu = sys.argv[1:]
from wrkresults import read_scenario
rounds = int(rounds)
own = set(open(os.path.join(work, "own.pids")).read().split())
foreign = []
rows = []
for key in "abcdef":
    s = read_scenario(work, key, rounds, own, ("wrk", "nginx", "top"), foreign)
    rows.append((key, s["label"], s["url"], s["rps"], s["p99"], s["err"], s["raws"], s["rpss"]))
base_rps, base_p99 = rows[0][3], rows[0][4]
# The Russian visitor's page differs from the German one (the page's own tag helpers hide share buttons for
# russia-controlled regions), so the rows serving it are also compared with (f), the same page with ContentGate off.
same_page = {"a": "a", "b": "a", "c": "f", "d": "f", "e": "a", "f": "f"}
by_key = {r[0]: r for r in rows}
table = ["| | Scenario | Requests/s (median) | × baseline (a) | × same page off | p99 ms (median) | × baseline (a) | Requests/s per round |", "|---|---|---:|---:|---:|---:|---:|---|"]
for key, label, url, rps, p99, err, _, rpss in rows:
    ref = by_key[same_page[key]]
    table.append(f"| {key} | {label}{' — ' + err if err else ''} | {rps:,.0f} | {rps / base_rps:.3f} | {rps / ref[3]:.3f} ({same_page[key]}) | {p99:.2f} | {p99 / base_p99:.3f} | {', '.join(f'{x:,.0f}' for x in rpss)} |")
print("\n" + "\n".join(table) + "\n")
d, c = rows[3][3], rows[2][3]
print(f"ContentGate notice vs nginx peer notice: {c / d:.3f}x the peer's requests/s\n")
print("WARNING: other processes used CPU during measurements:\n  " + "\n  ".join(foreign) if foreign else "machine was otherwise idle during measurements\n")
with open(out, "w", encoding="utf-8") as f:
    f.write(f"# ContentGate load test, {stamp}\n\n")
    f.write("Produced by `scripts/loadtest/run.sh`. Page: `/` of samples/ContentGate.Sample, built in Release, "
            "ASPNETCORE_ENVIRONMENT=Development (X-Forwarded-For trusted from loopback), logging at Warning. "
            f"Notice measured: {notice}.\n\n")
    f.write(f"Machine: {cores} cores ({cpu}), {kernel}; .NET SDK {dotnet}; {nginx}; wrk {wrk}. "
            f"{rounds} rounds of the five scenarios interleaved (medians reported), each wrk -t{threads} -c{conns} -d{duration} --latency "
            f"after a {warmup} warm-up, following a {appwarm} warm-up per scenario before round 1; all on 127.0.0.1: "
            "wrk, the app and nginx share the same cores.\n\n")
    f.write("\n".join(table) + "\n\n")
    if foreign:
        f.write("**Not a quiet machine:** other processes used CPU during measurements (from `top` sampled mid-run), "
                "so these figures are contaminated; re-run on an otherwise idle machine:\n\n" + "".join(f"- {x}\n" for x in foreign) + "\n")
    else:
        f.write("No other process used ≥ 10% CPU during the measurements (`top` sampled mid-run).\n\n")
    f.write(f"ContentGate's injected page (c) runs at {c / d:.3f}x the requests/s of the nginx peer's (d).\n\n")
    f.write("- (a) is the same build with a content root whose appsettings.json keeps the database and region sets but has "
            "no policies (no code change). UseContentGate() is still in the pipeline and still looks the region up, because "
            "the page's own region tag helpers need it; the page is byte-identical to what (b) serves. So the ratios measure "
            "the policies (matching, injecting), not the lookup.\n"
            "- (b), (c): the sample's own configuration (policies, demo database).\n"
            "- (d), (e): nginx with libnginx-mod-http-geoip2 on the same .mmdb, a map for RU or UA-43/40/14/09/23/65, "
            "sub_filter inserting the bytes ContentGate inserts (checked byte-identical before measuring), proxying "
            "with keep-alive to the no-policies app (a).\n"
            "- (f) is (a)'s app with the Russian visitor: the page (c) and (d) serve, without the notice (the page's own tag "
            "helpers hide its share buttons for russia-controlled visitors, so it is not (a)'s page). The column "
            "'× same page off' compares each row with the no-policies app serving the same visitor.\n\n")
    f.write("## Raw wrk outputs\n\n")
    for key, label, url, rps, p99, err, raws, _ in rows:
        for r, raw in enumerate(raws, 1):
            f.write(f"### ({key}) {label}, round {r}\n\n`{url}`\n\n```\n{raw.rstrip()}\n```\n\n")
print(f"written: {out}")
PY
