#!/usr/bin/env bash
# Installs what MediFor needs on a Debian machine that already has Swift. Idempotent: installs only what is
# missing. Usage:
#   scripts/bootstrap.sh run     what `medifor serve` needs (SQLite, libjpeg and libpng headers)
#   scripts/bootstrap.sh test    plus protoc, PostgreSQL, pgbench and the Python test dependencies (grpcio,
#                                entroq, scikit-image and PyWavelets for their sample photographs)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
log() { echo "bootstrap: $*" >&2; }

command -v swift >/dev/null || { log "Swift is required (https://swift.org/install); not found on PATH"; exit 1; }

apt_packages=()
need() {  # need <command> <debian package>
    command -v "$1" >/dev/null 2>&1 || apt_packages+=("$2")
}
need_pkg() {  # need_pkg <debian package>
    dpkg -s "$1" >/dev/null 2>&1 || apt_packages+=("$1")
}

need_pkg libsqlite3-dev
need_pkg libjpeg-dev
need_pkg libpng-dev
need curl curl
if [ "$mode" = "test" ]; then
    need protoc protobuf-compiler
    need_pkg postgresql
    need_pkg postgresql-contrib
    need psql postgresql-client
    need_pkg chromium          # the browser the web UI tests drive
    need_pkg chromium-driver   # chromedriver, which Selenium talks to
fi

if [ ${#apt_packages[@]} -gt 0 ]; then
    log "installing ${apt_packages[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq >/dev/null
    $sudo_cmd apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

if [ "$mode" = "test" ]; then
    python=${PYTHON:-python3}
    # pip only downloads what is missing or at another version; when everything is in place this is quick.
    log "checking Python test dependencies"
    "$python" -m pip install -q --disable-pip-version-check -r python/tests/requirements.txt
fi
log "ready ($mode)"
