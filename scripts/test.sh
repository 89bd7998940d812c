#!/usr/bin/env bash
# Runs every test of ContentGate. First makes sure the programs the tests start for real are on the machine, and
# installs the missing ones from Debian/Ubuntu packages (as root, or through sudo when it needs no password). Where it
# cannot install, it stops and says what to install: the tests fail, not skip, without these programs.
#
#   scripts/test.sh                    every test
#   scripts/test.sh --filter Browser   any further arguments go to `dotnet test`
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# program the tests start (or data file they read) | Debian package | which tests need it
requirements=(
  "mmdblookup|mmdb-bin|the .mmdb writer and verifier tests ask libmaxminddb for its own reading of each file"
  "/usr/bin/chromium|chromium|the browser tests (Playwright drives Debian's Chromium; no browser is downloaded)"
  "/usr/bin/redis-server|redis-server|the web-service cache tests start their own Redis on 127.0.0.1"
  "/usr/sbin/nginx|nginx|the gateway tests put ContentGate.Gateway in front of nginx serving a static site on 127.0.0.1"
  "/usr/share/iso-codes/json/iso_3166-2.json|iso-codes|the ISO 3166-2 table test compares the package's generated table with Debian's list"
)

present() {
  case "$1" in
    /usr/share/*) [ -r "$1" ] ;;  # a data file, not a program
    /*) [ -x "$1" ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "scripts/test.sh: the .NET SDK is not installed; install the .NET 10 SDK (https://dot.net) and run this again." >&2
  exit 2
fi

missing_packages=()
for requirement in "${requirements[@]}"; do
  IFS='|' read -r program package why <<<"$requirement"
  if ! present "$program"; then
    echo "scripts/test.sh: $program is missing ($why); package $package."
    missing_packages+=("$package")
  fi
done

# How to run a command as root here: directly, through sudo when it needs no password, or not at all.
if [ "$(id -u)" -eq 0 ]; then
  root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  root="sudo -n"
else
  root="none"
fi

if [ ${#missing_packages[@]} -gt 0 ]; then
  if [ "$root" = "none" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo >&2
    echo "scripts/test.sh: cannot install ${missing_packages[*]} here (not root and no password-less sudo, or no apt-get)." >&2
    echo "Install them, then run this again:  sudo apt-get install ${missing_packages[*]}" >&2
    exit 2
  fi

  echo "scripts/test.sh: installing ${missing_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $root apt-get update -qq
  $root apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >/dev/null
fi

for requirement in "${requirements[@]}"; do
  IFS='|' read -r program package why <<<"$requirement"
  if ! present "$program"; then
    echo "scripts/test.sh: $program is still missing after installing $package." >&2
    exit 2
  fi
done

mmdblookup --version | head -n 1
/usr/bin/chromium --version 2>/dev/null || true
/usr/bin/redis-server --version
/usr/sbin/nginx -v 2>&1
dotnet --version

# Every test host watches files (databases, notice HTML) with inotify, one instance per watcher; the default of 128
# instances per user runs out when the test assemblies run in parallel, and then only the periodic checks notice file
# changes. Production is unaffected (it keeps a 30 s check), but the tests of the watcher need it.
limit=$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 0)
if [ "$limit" -lt 8192 ]; then
  if [ "$root" = "none" ] || ! $root sysctl -w fs.inotify.max_user_instances=8192 >/dev/null 2>&1; then
    echo "scripts/test.sh: warning: fs.inotify.max_user_instances is $limit and could not be raised; the file-watcher tests may fail. Raise it with: sudo sysctl -w fs.inotify.max_user_instances=8192"
  fi
fi

exec dotnet test ContentGate.sln --logger "console;verbosity=normal" "$@"
