#!/usr/bin/env bash
# Builds and starts the all-in-one `medifor serve` on embedded storage (./medifor-data). Extra arguments go to
# `medifor serve`. Installs what it needs first (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh run
swift build -c release --product medifor
exec .build/release/medifor serve "$@"
