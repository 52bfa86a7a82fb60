#!/usr/bin/env bash
# Installs the locked dev dependencies (TypeScript, ws) from the npm registry, builds dist/ with tsc and runs the
# node:test suites: unit tests, then the ones that start the real jar on loopback (built here if missing).
# Every step has a time bound, so a hang fails the run instead of holding it.
set -euo pipefail
cd "$(dirname "$0")"

jar="${TICKPLANT_JAR:-../../deploy/target/tickplant.jar}"
if [ ! -f "$jar" ]; then
  echo "building the server jar ($jar is missing)"
  (cd ../.. && timeout 900 ./mvnw -q -B package -DskipTests)
fi
export TICKPLANT_JAR="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"

timeout 300 npm ci --no-audit --no-fund
timeout 300 npm run build
# One file at a time: each server test file starts its own JVM, and the machine's cores are shared.
timeout 1200 node --test --test-concurrency=1 --test-timeout=600000 test/*.test.mjs
