#!/usr/bin/env bash
# ContentGate load test, like for like (issue 14, part 5). Run through scripts/loadtest/run.sh (LT_SUITE=gateway, or
# LT_SUITE=all, the default); it can also be run alone.
#
#  (A) proxy: ContentGate.Gateway (Release) vs nginx proxy_pass + geoip2 + sub_filter, both in front of the same nginx
#      static origin serving the same ~40 KB article page; the origin direct as a reference.
#  (B) in-process: an ASP.NET Core app with UseContentGate() then UseStaticFiles() serving the same page from disk
#      vs nginx serving it from disk with geoip2 + sub_filter; no proxy on either side.
#  (M) memory: the gateway's RSS before and during LT_MEM_CONNECTIONS concurrent downloads of a 100 MB page (curl),
#      with the notice (RU) and without (DE).
#
# Before measuring, the RU (notice) and DE (untouched) bodies are checked byte-identical between the two sides.
# Knobs: as run.sh (LT_DURATION, LT_ROUNDS, LT_APP_WARMUP, LT_WARMUP, LT_THREADS, LT_CONNECTIONS), plus
# LT_GW_PORT_BASE (5111: origin, +1 gateway, +2 nginx peer, +3 in-process app, +4 nginx from disk, +5 the app with
# no policies),
# LT_MEM_CONNECTIONS (8). Writes scripts/loadtest/results/<UTC date-time>-gateway.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
LT_LOG_PREFIX=loadtest:gateway
# shellcheck source=common.sh
. "$HERE/common.sh"
MEM_CONNECTIONS="${LT_MEM_CONNECTIONS:-8}"
PORT_ORIGIN="${LT_GW_PORT_BASE:-5111}"
PORT_GATEWAY=$((PORT_ORIGIN + 1))
PORT_PEER=$((PORT_ORIGIN + 2))
PORT_APP=$((PORT_ORIGIN + 3))
PORT_DISK=$((PORT_ORIGIN + 4))
PORT_APP_OFF=$((PORT_ORIGIN + 5))
PAGE="/articles/river-port.html"
BIG="/big.html"
MMDB="$ROOT/samples/ContentGate.Sample/App_Data/contentgate-demo-city.mmdb"

WORK="$(mktemp -d /tmp/contentgate-loadtest-gw.XXXXXX)"
chmod 755 "$WORK"   # nginx started as root reads the files as its unprivileged worker user
PIDS=()
cleanup() { stop_servers_and_clean $? "load test (gateway suite)"; }
trap cleanup EXIT
trap 'exit 130' INT TERM


for tool in wrk nginx curl python3; do
    command -v "$tool" >/dev/null 2>&1 || { log "$tool is required (scripts/loadtest/run.sh installs wrk and nginx)"; exit 1; }
done
[ -f /usr/lib/nginx/modules/ngx_http_geoip2_module.so ] || { log "libnginx-mod-http-geoip2 is required"; exit 1; }

# ---------------------------------------------------------------- 1. the site: one article page, one 100 MB page
mkdir -p "$WORK/site/articles"
python3 - "$WORK/site" <<'PY'
import os, sys
site = sys.argv[1]
para = ("<p>The river port at Meridian handled more grain this autumn than in any year since the bridge was rebuilt, "
        "and the harbour master says the new cranes are only part of the reason. Barges that used to wait three days "
        "for a berth now turn around in one; the night shift, restored in May, loads by floodlight.</p>\n")
head = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<title>The river port has its busiest autumn in a decade | Meridian Dispatch</title>\n'
        '<link rel="stylesheet" href="/assets/site.css">\n</head>\n<body class="article">\n'
        '<header class="masthead"><a href="/">Meridian Dispatch</a><nav><a href="/news">News</a> '
        '<a href="/opinion">Opinion</a> <a href="/about">About</a></nav></header>\n'
        '<main><article>\n<h1>The river port has its busiest autumn in a decade</h1>\n'
        '<p class="byline">By Our Correspondent · 5 December</p>\n')
tail = ('</article></main>\n<footer><p>© Meridian Dispatch. All rights reserved.</p></footer>\n'
        '<script src="/assets/site.js" defer></script>\n</body>\n</html>\n')
body = para * (40_000 // len(para))  # ~40 KB: a long article with its masthead and footer
open(os.path.join(site, "articles", "river-port.html"), "w", encoding="utf-8").write(head + body + tail)
with open(os.path.join(site, "big.html"), "w", encoding="utf-8") as f:
    f.write(head)
    n = 100 * 1024 * 1024 // len(para.encode())
    for _ in range(n // 1000):
        f.write(para * 1000)
    f.write(para * (n % 1000))
    f.write(tail)
PY
PAGE_BYTES=$(stat -c %s "$WORK/site$PAGE")
BIG_BYTES=$(stat -c %s "$WORK/site$BIG")
log "page $PAGE: $PAGE_BYTES bytes; $BIG: $BIG_BYTES bytes"

# ---------------------------------------------------------------- 2. build
log "publishing src/ContentGate.Gateway in Release"
dotnet publish "$ROOT/src/ContentGate.Gateway" -c Release -p:PackAsTool=false -o "$WORK/gateway" --nologo -v quiet \
    >"$WORK/publish-gateway.log" 2>&1 || { cat "$WORK/publish-gateway.log" >&2; exit 1; }

# The in-process side: ContentGate.StaticSite has no ContentGate and the gateway has no static files, so a minimal app
# is written here: forwarded headers (loopback trusted, the framework's default, as the gateway's 127.0.0.1/32),
# UseContentGate(), then UseStaticFiles() from wwwroot. Nothing else.
mkdir -p "$WORK/inproc-src"
cat >"$WORK/inproc-src/InProcSite.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$ROOT/src/ContentGate/ContentGate.csproj" />
  </ItemGroup>
</Project>
CSPROJ
cat >"$WORK/inproc-src/Program.cs" <<'CS'
using Microsoft.AspNetCore.HttpOverrides;

var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor);
builder.Services.AddContentGate();
var app = builder.Build();
app.UseForwardedHeaders();
app.UseContentGate();
app.UseStaticFiles();
app.Run();
CS
log "publishing the in-process site (UseContentGate, UseStaticFiles) in Release"
dotnet publish "$WORK/inproc-src" -c Release -o "$WORK/inproc" --nologo -v quiet >"$WORK/publish-inproc.log" 2>&1 \
    || { cat "$WORK/publish-inproc.log" >&2; exit 1; }
mkdir -p "$WORK/inproc/wwwroot"
cp -r "$WORK/site/." "$WORK/inproc/wwwroot/"

# ---------------------------------------------------------------- 3. configuration (the same rules on every side)
NOTICE_HTML='<p><strong>Please note.</strong> The Russian authorities have declared Meridian Dispatch an “undesirable organization”. Sharing, liking, commenting on or saving our reporting could expose you to fines or prosecution.</p>'
python3 - "$WORK" "$MMDB" "$PORT_ORIGIN" "$NOTICE_HTML" <<'PY'
import json, os, sys
work, mmdb, origin, notice = sys.argv[1:]
gate = {
    "MaxMind": {"DatabasePath": mmdb},
    "RegionSets": {"russia-controlled": ["RU", "UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65"]},
    "Policies": {"undesirable-organization": {
        "Regions": ["russia-controlled"], "Paths": ["/"], "Action": "Notice",
        "Notice": {"Html": notice, "Dismissible": False}}},
}
logging = {"LogLevel": {"Default": "Warning"}}
gw = {
    "Logging": logging, "AllowedHosts": "*",
    "ReverseProxy": {
        "Routes": {"site": {"ClusterId": "site", "Match": {"Path": "{**catch-all}"}}},
        "Clusters": {"site": {"Destinations": {"origin": {"Address": f"http://127.0.0.1:{origin}/"}}}},
    },
    "ContentGate": gate,
    "Gateway": {"TrustedProxies": ["127.0.0.1/32"]},
}
json.dump(gw, open(os.path.join(work, "gateway", "appsettings.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=2)
for extra in ("appsettings.Development.json",):
    p = os.path.join(work, "gateway", extra)
    if os.path.exists(p): os.remove(p)
json.dump({"Logging": logging, "AllowedHosts": "*", "ContentGate": gate},
          open(os.path.join(work, "inproc", "appsettings.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=2)
# The same app with no policies (database and region sets kept): what serving the file costs without ContentGate's rules.
os.makedirs(os.path.join(work, "inproc-off"), exist_ok=True)
json.dump({"Logging": logging, "AllowedHosts": "*", "ContentGate": {k: gate[k] for k in ("MaxMind", "RegionSets")}},
          open(os.path.join(work, "inproc-off.appsettings.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY

cp -r "$WORK/inproc/." "$WORK/inproc-off/"
mv "$WORK/inproc-off.appsettings.json" "$WORK/inproc-off/appsettings.json"

APP_ENV=(ASPNETCORE_ENVIRONMENT=Production DOTNET_CLI_TELEMETRY_OPTOUT=1)
# Every .NET server in its own default socket mode: the gateway's Program.cs chooses inline completions, the apps of
# (B) keep the runtime's thread pool. A value in the caller's environment would override both.
unset DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS

# nginx: one instance per role (origin, proxy peer, disk peer), each its own processes, as the gateway and the app are.
start_nginx() { # name server-block
    local name="$1" server="$2" dir="$WORK/nginx-$1"
    mkdir -p "$dir"
    cat >"$dir/nginx.conf" <<NGINX
load_module /usr/lib/nginx/modules/ngx_http_geoip2_module.so;
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
$server
}
NGINX
    nginx -t -c "$dir/nginx.conf" -p "$dir" >"$dir/test.log" 2>&1 || { cat "$dir/test.log" >&2; exit 1; }
    nginx -c "$dir/nginx.conf" -p "$dir" >"$dir/stdout.log" 2>&1 &
    PIDS+=($!)
}

log "starting the nginx origin (:$PORT_ORIGIN)"
start_nginx origin "
    server {
        listen 127.0.0.1:$PORT_ORIGIN;
        root $WORK/site;
    }"
wait_http "http://127.0.0.1:$PORT_ORIGIN$PAGE" || exit 1

log "starting the gateway (:$PORT_GATEWAY) and the in-process site (:$PORT_APP)"
env "${APP_ENV[@]}" dotnet "$WORK/gateway/ContentGate.Gateway.dll" --urls "http://127.0.0.1:$PORT_GATEWAY" --contentroot "$WORK/gateway" \
    >"$WORK/gateway.log" 2>&1 &
PIDS+=($!); GATEWAY_PID=$!
env "${APP_ENV[@]}" dotnet "$WORK/inproc/InProcSite.dll" --urls "http://127.0.0.1:$PORT_APP" --contentroot "$WORK/inproc" \
    >"$WORK/inproc.log" 2>&1 &
PIDS+=($!); APP_PID=$!
env "${APP_ENV[@]}" dotnet "$WORK/inproc-off/InProcSite.dll" --urls "http://127.0.0.1:$PORT_APP_OFF" --contentroot "$WORK/inproc-off" \
    >"$WORK/inproc-off.log" 2>&1 &
PIDS+=($!)
# Every measurement is followed by this: a server that died mid-run would otherwise show up only as socket errors.
check_alive() {
    local pid
    for pid in "${PIDS[@]}"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            local status=0; wait "$pid" || status=$?
            log "process $pid ($( [ "$pid" = "$GATEWAY_PID" ] && echo gateway || { [ "$pid" = "$APP_PID" ] && echo in-process app || echo nginx; })) is gone, exit status $status (>128: killed by signal $((status - 128)))"
            exit 1
        fi
    done
}
wait_http "http://127.0.0.1:$PORT_GATEWAY$PAGE" || { cat "$WORK/gateway.log" >&2; exit 1; }
wait_http "http://127.0.0.1:$PORT_APP$PAGE" || { cat "$WORK/inproc.log" >&2; exit 1; }
wait_http "http://127.0.0.1:$PORT_APP_OFF$PAGE" || { cat "$WORK/inproc-off.log" >&2; exit 1; }
fetch "$RU_IP" "http://127.0.0.1:$PORT_APP_OFF$PAGE" | cmp -s - "$WORK/site$PAGE" || { log "the no-policies app does not serve the file as is"; exit 1; }

fetch "$RU_IP" "http://127.0.0.1:$PORT_GATEWAY$PAGE" >"$WORK/gw-ru.html"
fetch "$DE_IP" "http://127.0.0.1:$PORT_GATEWAY$PAGE" >"$WORK/gw-de.html"
fetch "$RU_IP" "http://127.0.0.1:$PORT_APP$PAGE" >"$WORK/app-ru.html"
fetch "$DE_IP" "http://127.0.0.1:$PORT_APP$PAGE" >"$WORK/app-de.html"
grep -q data-contentgate-notice "$WORK/gw-ru.html" || { log "gateway: no notice for the Russian reader"; exit 1; }
cmp -s "$WORK/gw-de.html" "$WORK/site$PAGE" || { log "gateway: the German reader's page is not the origin's"; exit 1; }
cmp -s "$WORK/app-ru.html" "$WORK/gw-ru.html" || { log "in-process app and gateway differ for the Russian reader"; exit 1; }
cmp -s "$WORK/app-de.html" "$WORK/site$PAGE" || { log "in-process app: the German reader's page is not the file"; exit 1; }

# The bytes ContentGate inserts: the Russian page minus the file (one insertion after <body class="article">).
extract_notice "$WORK/gw-ru.html" "$WORK/site$PAGE" "$WORK/notice.html" '<body class="article">'
GEO="$(nginx_geo_rules "$MMDB" "$WORK/notice.html")"
SUB="
            sub_filter '<body class=\"article\">' '<body class=\"article\">\$contentgate_notice';
            sub_filter_once on;"

log "starting nginx proxy peer (:$PORT_PEER) and nginx disk peer (:$PORT_DISK)"
start_nginx peer "$GEO
    upstream origin {
        server 127.0.0.1:$PORT_ORIGIN;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$PORT_PEER;
        location / {
            proxy_pass http://origin;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header Accept-Encoding \"\";$SUB
        }
    }"
start_nginx disk "$GEO
    server {
        listen 127.0.0.1:$PORT_DISK;
        root $WORK/site;
        location / {$SUB
        }
    }"
wait_http "http://127.0.0.1:$PORT_PEER$PAGE" || { cat "$WORK/nginx-peer/error.log" >&2; exit 1; }
wait_http "http://127.0.0.1:$PORT_DISK$PAGE" || { cat "$WORK/nginx-disk/error.log" >&2; exit 1; }
for side in peer:$PORT_PEER disk:$PORT_DISK; do
    name="${side%%:*}"; port="${side##*:}"
    fetch "$RU_IP" "http://127.0.0.1:$port$PAGE" >"$WORK/$name-ru.html"
    fetch "$DE_IP" "http://127.0.0.1:$port$PAGE" >"$WORK/$name-de.html"
    cmp -s "$WORK/$name-ru.html" "$WORK/gw-ru.html" \
        || { log "nginx $name: the Russian page differs from ContentGate's"; cmp "$WORK/$name-ru.html" "$WORK/gw-ru.html" >&2; exit 1; }
    cmp -s "$WORK/$name-de.html" "$WORK/gw-de.html" || { log "nginx $name: the German page differs from ContentGate's"; exit 1; }
done
log "verified: RU bodies byte-identical on all four sides (notice $(stat -c %s "$WORK/notice.html") bytes), DE bodies identical to the file"

# ---------------------------------------------------------------- 4. measure
SCENARIOS=(
    "A1|(A) gateway → nginx origin, notice injected (RU)|$PORT_GATEWAY|$RU_IP"
    "A2|(A) nginx proxy_pass + geoip2 + sub_filter → nginx origin, notice injected (RU)|$PORT_PEER|$RU_IP"
    "A3|(A) gateway → nginx origin, untouched (DE)|$PORT_GATEWAY|$DE_IP"
    "A4|(A) nginx proxy_pass + geoip2 + sub_filter → nginx origin, untouched (DE)|$PORT_PEER|$DE_IP"
    "A0|(A) reference: nginx origin direct (no ContentGate, no proxy)|$PORT_ORIGIN|$DE_IP"
    "B1|(B) app: UseContentGate + UseStaticFiles, notice injected (RU)|$PORT_APP|$RU_IP"
    "B2|(B) nginx from disk + geoip2 + sub_filter, notice injected (RU)|$PORT_DISK|$RU_IP"
    "B3|(B) app: UseContentGate + UseStaticFiles, untouched (DE)|$PORT_APP|$DE_IP"
    "B4|(B) nginx from disk + geoip2 + sub_filter, untouched (DE)|$PORT_DISK|$DE_IP"
    "B0|(B) reference: the same app with no policies (UseContentGate, lookup only), RU reader|$PORT_APP_OFF|$RU_IP"
)
measure_scenarios check_alive

# ---------------------------------------------------------------- 5. memory: concurrent 100 MB downloads through the gateway
rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$GATEWAY_PID/status"; }
: >"$WORK/memory.txt"
for who in "RU:$RU_IP" "DE:$DE_IP"; do
    tag="${who%%:*}"; ip="${who##*:}"
    # One download first, so that the pools and buffers a first large response creates are in the baseline.
    curl -fsS -o /dev/null -H "X-Forwarded-For: $ip" "http://127.0.0.1:$PORT_GATEWAY$BIG"
    sleep 1
    before=$(rss_kb); peak=$before
    dl=()
    for i in $(seq 1 "$MEM_CONNECTIONS"); do
        curl -fsS -o "$WORK/big-$tag-$i.out" --limit-rate 50M -H "X-Forwarded-For: $ip" "http://127.0.0.1:$PORT_GATEWAY$BIG" &
        dl+=($!)
    done
    alive=1
    while [ "$alive" = 1 ]; do
        now=$(rss_kb); [ "$now" -gt "$peak" ] && peak=$now
        sleep 0.1
        alive=0; for p in "${dl[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    done
    for p in "${dl[@]}"; do wait "$p"; done
    after=$(rss_kb)
    size=$(stat -c %s "$WORK/big-$tag-1.out")
    notice=""
    head -c 4096 "$WORK/big-$tag-1.out" | grep -q data-contentgate-notice && notice="notice"
    echo "$tag|$before|$peak|$after|$size|$notice" >>"$WORK/memory.txt"
    log "memory $tag: RSS before ${before} kB, peak ${peak} kB, after ${after} kB; $MEM_CONNECTIONS × $size bytes ${notice}"
    rm -f "$WORK"/big-*.out
    check_alive
done

# ---------------------------------------------------------------- 6. report
printf '%s\n' "${PIDS[@]}" >"$WORK/own.pids"
mkdir -p "$HERE/results"
STAMP="$(date -u +%Y-%m-%dT%H%MZ)"
OUT="$HERE/results/$STAMP-gateway.md"
PYTHONPATH="$HERE" python3 - "$WORK" "$OUT" "$STAMP" "$ROUNDS" "$APP_WARMUP" "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP" "$(nproc)" \
    "$(dotnet --version)" "$(nginx -v 2>&1 | sed 's/.*: //')" "$(wrk -v 2>&1 | head -1 | awk '{print $2}')" \
    "$(uname -sr)" "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)" "$PAGE_BYTES" "$BIG_BYTES" \
    "$(stat -c %s "$WORK/notice.html")" "$MEM_CONNECTIONS" "$(git -C "$ROOT" rev-parse --short HEAD)" <<'PY'
import os, sys
(work, out, stamp, rounds, appwarm, threads, conns, duration, warmup, cores, dotnet, nginx, wrk, kernel, cpu,
 page_bytes, big_bytes, notice_bytes, mem_conns, commit) = sys.argv[1:]
from wrkresults import read_scenario
rounds = int(rounds)
own = set(open(os.path.join(work, "own.pids")).read().split())
foreign = []
rows = {key: read_scenario(work, key, rounds, own, ("wrk", "nginx", "top", "dotnet"), foreign)
        for key in ["A1", "A2", "A3", "A4", "A0", "B1", "B2", "B3", "B4", "B0"]}
table = ["| | Scenario | Requests/s (median) | p99 ms (median) | Requests/s per round | p99 ms per round |",
         "|---|---|---:|---:|---|---|"]
for key, r in rows.items():
    table.append(f"| {key} | {r['label']}{' — ' + r['err'] if r['err'] else ''} | {r['rps']:,.0f} | {r['p99']:.2f} | "
                 f"{', '.join(f'{x:,.0f}' for x in r['rpss'])} | {', '.join(f'{x:.2f}' for x in r['p99s'])} |")
pairs = [("A1", "A2", "(A) proxy, notice injected (RU)", "ahead"), ("A3", "A4", "(A) proxy, untouched (DE)", "within 10%"),
         ("B1", "B2", "(B) in-process, notice injected (RU)", "ahead"), ("B3", "B4", "(B) in-process, untouched (DE)", "within 10%")]
ratios = ["| Comparison | ContentGate req/s | nginx req/s | **req/s ratio** (ContentGate / nginx) | ContentGate p99 ms | nginx p99 ms | **p99 ratio** (ContentGate / nginx) | Target | Verdict |",
          "|---|---:|---:|---:|---:|---:|---:|---|---|"]
for cg, ng, name, target in pairs:
    a, b = rows[cg], rows[ng]
    rr, pr = a["rps"] / b["rps"], a["p99"] / b["p99"]
    ok = rr > 1.0 if target == "ahead" else rr >= 0.9
    ratios.append(f"| {name}: {cg} / {ng} | {a['rps']:,.0f} | {b['rps']:,.0f} | **{rr:.3f}** | {a['p99']:.2f} | {b['p99']:.2f} | **{pr:.3f}** | "
                  f"{'ahead (> 1.000)' if target == 'ahead' else 'within 10% (≥ 0.900)'} | {'met' if ok else 'MISSED'} |")
mem = ["| Reader | Gateway RSS before | Peak RSS during | RSS after | Peak − before | Per download | Body each |",
       "|---|---:|---:|---:|---:|---:|---:|"]
for line in open(os.path.join(work, "memory.txt")).read().split():
    tag, before, peak, after, size, notice = (line.split("|") + [""] * 6)[:6]
    before, peak, after, size = int(before), int(peak), int(after), int(size)
    mem.append(f"| {tag} ({'notice injected' if notice else 'untouched'}) | {before / 1024:.1f} MB | {peak / 1024:.1f} MB | "
               f"{after / 1024:.1f} MB | {(peak - before) / 1024:.1f} MB | {(peak - before) / 1024 / int(mem_conns):.2f} MB | {size:,} B |")
summary = "\n".join(ratios)
print("\n" + "\n".join(table) + "\n\n" + summary + "\n\n" + "\n".join(mem) + "\n")
print("WARNING: other processes used CPU during measurements:\n  " + "\n  ".join(foreign) if foreign else "machine was otherwise idle during measurements")
with open(out, "w", encoding="utf-8") as f:
    f.write(f"# ContentGate load test, like for like (gateway suite), {stamp}\n\n")
    f.write(f"Produced by `scripts/loadtest/run.sh` (LT_SUITE=gateway or all; `scripts/loadtest/gateway.sh`), commit `{commit}`. "
            f"Page: a {int(page_bytes):,}-byte article (`<body class=\"article\">`, written by the script); notice: "
            f"{notice_bytes} bytes, static (`Dismissible: false`), policy `undesirable-organization` on `russia-controlled`; "
            "demo database `samples/ContentGate.Sample/App_Data/contentgate-demo-city.mmdb` on every side; logging at Warning, "
            "ASPNETCORE_ENVIRONMENT=Production.\n\n")
    f.write(f"Machine: {cores} cores ({cpu}), {kernel}; .NET SDK {dotnet}; {nginx}; wrk {wrk}. {rounds} rounds of the ten "
            f"scenarios interleaved (medians reported), each wrk -t{threads} -c{conns} -d{duration} --latency after a {warmup} "
            f"warm-up, following a {appwarm} warm-up per scenario before round 1. Everything on 127.0.0.1: wrk, the origin, "
            "the gateway or peer share the same cores.\n\n")
    f.write("## Ratios\n\n" + summary + "\n\n")
    f.write("## All scenarios\n\n" + "\n".join(table) + "\n\n")
    if foreign:
        f.write("**Not a quiet machine:** other processes used CPU during measurements (from `top` sampled mid-run), "
                "so these figures are contaminated:\n\n" + "".join(f"- {x}\n" for x in foreign) + "\n")
    else:
        f.write("No other process used ≥ 10% CPU during the measurements (`top` sampled mid-run; other `dotnet` "
                "processes are not told apart from ours, see the raw samples if in doubt).\n\n")
    f.write(f"## Memory: {mem_conns} concurrent downloads of a {int(big_bytes):,}-byte page through the gateway\n\n"
            "RSS of the gateway process (`/proc/<pid>/status` VmRSS) sampled every 0.1 s while curl downloads the page "
            f"{mem_conns} times in parallel (each limited to 50 MB/s so that they overlap), after one download to warm the pools.\n\n"
            + "\n".join(mem) + "\n\n")
    f.write("## Setup\n\n"
            "- (A) the nginx origin serves the page from disk (sendfile). The gateway (`src/ContentGate.Gateway`, "
            "`dotnet publish -c Release -p:PackAsTool=false`) proxies it with YARP; its appsettings.json is written by the script: "
            "ReverseProxy → the origin, the ContentGate rules above, `Gateway:TrustedProxies: [\"127.0.0.1/32\"]`. The peer is "
            "nginx with `proxy_pass` (keep-alive 64) to the same origin, `proxy_set_header Accept-Encoding \"\"`, "
            "`set_real_ip_from 127.0.0.1; real_ip_header X-Forwarded-For`, libnginx-mod-http-geoip2 on the same .mmdb and a "
            "`map` for RU or UA-43/40/14/09/23/65, and `sub_filter` inserting the bytes the gateway inserts (extracted by diff). "
            "The gateway runs in its shipped socket mode (completions inline on the event threads, set by its Program.cs; "
            "the script clears `DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS` so that no caller's setting leaks in), the apps "
            "of (B) in the runtime's default (the thread pool).\n"
            "- (B) the app is written by the script (ContentGate.StaticSite has no ContentGate and the gateway serves no files): "
            "`UseForwardedHeaders()` (loopback trusted), `UseContentGate()`, `UseStaticFiles()`, the same rules. The peer is nginx "
            "serving the file from disk with the same geoip2, map and sub_filter, no proxy. (B0) is the same app with a "
            "configuration that keeps the database and region sets but has no policies: what Kestrel's static files cost here.\n"
            "- Before measuring: the RU bodies of the gateway, the app and both nginx peers are byte-identical; the DE bodies "
            "are the file, byte for byte. Headers differ (Server, ETag, Last-Modified, …) and are not compared.\n"
            "- Each nginx role is its own nginx instance (`worker_processes auto`).\n\n")
    f.write("## Raw wrk outputs\n\n")
    for key, r in rows.items():
        for i, raw in enumerate(r["raws"], 1):
            f.write(f"### ({key}) {r['label']}, round {i}\n\n`{r['url']}`\n\n```\n{raw.rstrip()}\n```\n\n")
print(f"written: {out}")
PY
