#!/usr/bin/env bash
# Runs the Python client's tests against the real tickplant jar (started and stopped by the tests themselves).
# Installs Debian's python3, python3-websockets and python3-pytest when missing, builds the jar when missing.
# The tests use Debian's interpreter on purpose: the Debian packages are importable there and nowhere else.
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3
if ! { [ -x "$PY" ] && "$PY" -c 'import websockets, pytest' 2> /dev/null; }; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-websockets python3-pytest > /dev/null
fi
if [ ! -f ../../deploy/target/tickplant.jar ]; then
  (cd ../.. && ./mvnw -q -B package -DskipTests)
fi
# Bounded: the suite takes about two minutes here; a hung run fails instead of blocking CI.
exec timeout --kill-after=30 900 "$PY" -m pytest -q -p no:cacheprovider tests "$@"
