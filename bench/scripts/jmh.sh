#!/usr/bin/env bash
# Runs the JMH benchmarks of the bench module (codecs, the normalizer's book, the gateway's tick encoder).
# Build first (from the repository root):   ./mvnw -q -B package -DskipTests
#
# usage: bench/scripts/jmh.sh [JMH options] [benchmark regexp]
#   default options: -f 1 -wi 3 -w 1s -i 5 -r 1s (about 10 s per benchmark); e.g. bench/scripts/jmh.sh Codec
#   bench/scripts/jmh.sh -h lists JMH's own options.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLASSES="$ROOT/bench/target/classes"
CLASSPATH_FILE="$ROOT/bench/target/classpath.txt"
if [[ ! -f "$CLASSES/META-INF/BenchmarkList" || ! -f "$CLASSPATH_FILE" ]]; then
    echo "build first: ./mvnw -q -B package -DskipTests" >&2
    exit 1
fi
if [[ $# -eq 0 ]]; then
    set -- -f 1 -wi 3 -w 1s -i 5 -r 1s
fi
exec java -cp "$CLASSES:$(cat "$CLASSPATH_FILE")" org.openjdk.jmh.Main "$@"
