#!/usr/bin/env bash
# Runs every test of tickplant: the unit and integration tests of all modules (./mvnw -B verify), and the client
# libraries' tests once they exist. Before that it installs what the tests need when it is missing, with Debian's
# apt-get (as root, or through sudo without a password), so the command passes by itself on a fresh machine.
# Arguments go to Maven: ./run-tests.sh -pl gateway -am
set -euo pipefail
cd "$(dirname "$0")"

# What the build and the tests need, as "check|Debian package": the check is a command that must succeed.
#   a JDK 17 or newer and Maven 3.8+ (mvnw uses the mvn on PATH) for the build;
#   Node.js and npm: the gateway's build bundles the dashboard's JavaScript;
#   chromium and chromium-driver: the dashboard's browser test (DashboardIT) drives headless Chromium.
needs=(
  "command -v java|default-jdk-headless"
  "command -v mvn || test -x \"\${MAVEN_HOME:-/nonexistent}/bin/mvn\"|maven"
  "command -v node|nodejs"
  "command -v npm|npm"
  "command -v chromium|chromium"
  "command -v chromedriver|chromium-driver"
)
# ---- client libraries (issue 11/13 follow-ups): their needs and their test runs --------------------------------
# clients/python/run-tests.sh uses only the standard library plus Debian's python3-websockets and python3-pytest;
# clients/typescript/run-tests.sh installs its locked npm dependencies itself (npm ci) and needs Node.js above.
if [ -f clients/python/run-tests.sh ]; then
  needs+=("python3 -c 'import websockets'|python3-websockets" "python3 -c 'import pytest'|python3-pytest")
fi
# ------------------------------------------------------------------------------------------------------------------

fail() {
  echo "run-tests.sh: $*" >&2
  exit 1
}

missing=()
for need in "${needs[@]}"; do
  check=${need%|*}
  package=${need##*|}
  if ! bash -c "$check" > /dev/null 2>&1; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "run-tests.sh: installing missing Debian packages: ${missing[*]}"
  command -v apt-get > /dev/null 2>&1 \
    || fail "apt-get is not available here; install these packages (Debian names) yourself, then run again: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo > /dev/null 2>&1 && sudo -n true 2> /dev/null; then
    as_root=(sudo)
  else
    fail "installing ${missing[*]} needs root: run as root, or allow sudo without a password, or install them yourself"
  fi
  ${as_root[@]+"${as_root[@]}"} apt-get update -qq \
    || fail "apt-get update failed (no network to the Debian mirrors, or a broken sources list); cannot install ${missing[*]}"
  ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null \
    || fail "apt-get install ${missing[*]} failed"
fi

java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ "${java_major:-0}" -ge 17 ] 2> /dev/null \
  || fail "a JDK 17 or newer is needed; 'java' here is version ${java_major:-unknown} (set PATH or JAVA_HOME to a newer one)"

./mvnw -B verify "$@"

# ---- client libraries: run their tests when they are there -------------------------------------------------------
if [ $# -eq 0 ]; then
  for client_tests in clients/python/run-tests.sh clients/typescript/run-tests.sh; do
    if [ -f "$client_tests" ]; then
      echo "run-tests.sh: $client_tests"
      bash "$client_tests"
    fi
  done
fi
# ------------------------------------------------------------------------------------------------------------------
