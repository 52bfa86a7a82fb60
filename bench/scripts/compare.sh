#!/usr/bin/env bash
# Side-by-side fan-out benchmark: tickplant (default and batched mode, over an offered-rate ramp), a bare Vert.x
# fan-out server (write+flush per frame, FlushConsolidationHandler, manual flush, 10 ticks per frame) and
# nats-server's websocket port (1 and 10 ticks per message), all measured by the same out-of-process LoadClient.
# Prints one comparison table with ratios at the end.
#
# Build first (from the repository root):   ./mvnw -q -B package -DskipTests
#
# usage: bench/scripts/compare.sh [--quick] [--clients "100 1000"] [--offered "100000 300000 600000"]
#            [--warmup S] [--seconds S] [--systems "bare nats tickplant"] [--bare-modes "flush fch manual fch-10"]
#            [--nats "1 10"] [--hops] [--ten-thousand] [--budget SECONDS] [--out DIR] [--jar FILE]
#
#   --offered         total offered ticks/s for tickplant (all clients together); each value becomes the AllTick
#                     simulator's updatesPerSecond per symbol for that N (capped at 1000/s)
#   --jar             the tickplant jar to measure (default deploy/target/tickplant.jar), e.g. an older build side by side
#   --quick           N=100, one offered rate, fch and 10-per-message references only, short windows (< 2 minutes)
#   --hops            tickplant clients ask for per-hop µs timestamps (&hops=true) and report µs latency
#   --ten-thousand    also run 10 000 tickplant clients x 10 symbols at 1 update/s per symbol (100 k ticks/s)
#   --budget          seconds after which no further run starts (default 540, --quick 90), so that with the last
#                     run the script ends within about 10 (2) minutes; skipped runs are listed. Clients get 60 s to connect
#
# Every server runs as its own process on loopback with a port it picks itself (read back from its log); every
# process this script starts is stopped when it exits. Results (RESULT lines and logs) go to bench/target/compare.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLIENTS="100 1000"
OFFERED="100000 300000 600000"
WARMUP=2
SECONDS_MEASURED=5
# The references first: they are quick, and the ratios need them even when the budget cuts the ramp short.
SYSTEMS="bare nats tickplant"
BARE_MODES="flush fch manual fch-10"
NATS_TPM="1 10"
HOPS=""
TEN_K=0
BUDGET=540
CONNECT_TIMEOUT=60
OUT="$ROOT/bench/target/compare"
# AllTick symbols among LoadClient's 23 default ones (the other two are crypto, from their own simulators).
ALLTICK_SYMBOLS=21

while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) CLIENTS="100"; OFFERED="200000"; WARMUP=2; SECONDS_MEASURED=4; BARE_MODES="fch"; NATS_TPM="10"
                 BUDGET=90 ;;
        --budget) BUDGET="$2"; shift ;;
        --clients) CLIENTS="$2"; shift ;;
        --offered) OFFERED="$2"; shift ;;
        --warmup) WARMUP="$2"; shift ;;
        --seconds) SECONDS_MEASURED="$2"; shift ;;
        --systems) SYSTEMS="$2"; shift ;;
        --bare-modes) BARE_MODES="$2"; shift ;;
        --nats) NATS_TPM="$2"; shift ;;
        --hops) HOPS="--hops" ;;
        --ten-thousand) TEN_K=1 ;;
        --out) OUT="$2"; shift ;;
        --jar) JAR_OVERRIDE="$2"; shift ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

JAR="${JAR_OVERRIDE:-$ROOT/deploy/target/tickplant.jar}"
CLASSES="$ROOT/bench/target/classes"
CLASSPATH_FILE="$ROOT/bench/target/classpath.txt"
if [[ ! -f "$JAR" || ! -d "$CLASSES" || ! -f "$CLASSPATH_FILE" ]]; then
    echo "build first: ./mvnw -q -B package -DskipTests (needs $JAR and bench/target/classpath.txt)" >&2
    exit 1
fi
CP="$CLASSES:$(cat "$CLASSPATH_FILE")"
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
: > "$RESULTS"

START=$(date +%s)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]+"${PIDS[@]}"}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]+"${PIDS[@]}"}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_for_log FILE PATTERN PID: until PATTERN appears in FILE (60 s at most, or the process died).
wait_for_log() {
    local file="$1" pattern="$2" pid="$3"
    for _ in $(seq 1 300); do
        if grep -q "$pattern" "$file" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "process $pid exited before logging '$pattern'; see $file" >&2
            tail -20 "$file" >&2
            return 1
        fi
        sleep 0.2
    done
    echo "timed out waiting for '$pattern' in $file" >&2
    return 1
}

# stop PID: end a server this script started and wait for it.
stop() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    forget "$1"
}

# forget PID: drop an ended process from PIDS, so the exit trap never signals a process id reused since.
forget() {
    local pid="$1" kept=() p
    for p in "${PIDS[@]+"${PIDS[@]}"}"; do
        if [[ "$p" != "$pid" ]]; then
            kept+=("$p")
        fi
    done
    PIDS=("${kept[@]+"${kept[@]}"}")
}

# over_budget WHAT: true (and a note in the results) when the time budget is spent, so WHAT is skipped.
over_budget() {
    if (( $(date +%s) - START >= BUDGET )); then
        echo "# skipped (time budget of ${BUDGET} s spent): $1" | tee -a "$RESULTS"
        return 0
    fi
    return 1
}

# load ARGS...: one LoadClient run; its report is shown and kept. It runs in the background with its pid
# tracked, so that a signal to this script stops it too.
load() {
    if over_budget "LoadClient $*"; then
        return 0
    fi
    local out="$OUT/last-run.out" lp
    java -cp "$CP" dev.tickplant.bench.load.LoadClient --warmup "$WARMUP" --seconds "$SECONDS_MEASURED" \
        --connect-timeout "$CONNECT_TIMEOUT" "$@" > "$out" 2>>"$OUT/loadclient.log" &
    lp=$!
    PIDS+=("$lp")
    if wait "$lp"; then
        tee -a "$RESULTS" < "$out"
    else
        echo "# run failed: $* (see $OUT/loadclient.log)" | tee -a "$RESULTS"
    fi
    forget "$lp"
}

run_tickplant() {
    local n="$1" offered="$2" symbols_arg=() rate count=$ALLTICK_SYMBOLS
    if [[ $# -ge 3 ]]; then
        symbols_arg=(--symbol-count "$3")
        count="$3"
    fi
    if over_budget "tickplant N=$n offered=$offered"; then
        return 0
    fi
    rate=$(awk -v o="$offered" -v n="$n" -v s="$count" 'BEGIN { r = o / (n * s); if (r > 1000) r = 1000; printf "%.3f", r }')
    local conf="$OUT/tickplant-$n-$offered.json" log="$OUT/tickplant-$n-$offered.log"
    cat > "$conf" <<EOF
{
  "management": { "host": "127.0.0.1", "port": 0 },
  "gateway": { "host": "127.0.0.1", "port": 0 },
  "simulators": {
    "alltick": { "enabled": true, "host": "127.0.0.1", "port": 0, "token": "simulator-token", "updatesPerSecond": $rate }
  }
}
EOF
    java -jar "$JAR" -conf "$conf" > "$log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_for_log "$log" " ready roles=" "$pid"
    local line gw mgmt
    line=$(grep " ready roles=" "$log" | head -1)
    gw=$(sed -E 's/.*gatewayPort=([0-9]+).*/\1/' <<< "$line")
    mgmt=$(sed -E 's/.*managementPort=([0-9]+).*/\1/' <<< "$line")
    echo "# tickplant pid=$pid gateway=$gw management=$mgmt updatesPerSecond=$rate per symbol (N=$n, offered $offered ticks/s)"
    for batch in "" "--batch"; do
        local label="tickplant/default"
        [[ -n "$batch" ]] && label="tickplant/batched"
        load --target tickplant --port "$gw" --clients "$n" --server-pid "$pid" --metrics-port "$mgmt" \
            --label "$label" --offered "$offered" $batch $HOPS "${symbols_arg[@]}"
    done
    stop "$pid"
}

run_bare() {
    local mode="$1" tpf=1 log
    if [[ "$mode" == *-10 ]]; then
        tpf=10
        mode="${mode%-10}"
    fi
    if over_budget "bare $1"; then
        return 0
    fi
    log="$OUT/bare-$1.log"
    java -cp "$CP" dev.tickplant.bench.fanout.BareFanoutServer --mode "$mode" --ticks-per-frame "$tpf" > "$log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_for_log "$log" "bare fanout listening port=" "$pid"
    local port
    port=$(grep -o "listening port=[0-9]*" "$log" | head -1 | cut -d= -f2)
    echo "# bare fan-out pid=$pid port=$port mode=$mode ticks/frame=$tpf"
    for n in $CLIENTS; do
        load --target bare --port "$port" --clients "$n" --server-pid "$pid" --label "bare/$1" --offered max
    done
    stop "$pid"
}

run_nats() {
    if over_budget "nats-server"; then
        return 0
    fi
    if ! command -v nats-server > /dev/null; then
        echo "# installing nats-server (Debian package)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server > /dev/null
    fi
    local conf="$OUT/nats.conf" log="$OUT/nats.log"
    # port -1: nats-server picks a free port and logs it.
    cat > "$conf" <<EOF
host: 127.0.0.1
port: -1
max_payload: 1MB
websocket {
  host: 127.0.0.1
  port: -1
  no_tls: true
  compression: false
}
EOF
    nats-server -c "$conf" > "$log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    wait_for_log "$log" "Server is ready" "$pid"
    local ws tcp
    ws=$(grep -o "websocket clients on ws://127.0.0.1:[0-9]*" "$log" | grep -o "[0-9]*$")
    tcp=$(grep -o "client connections on 127.0.0.1:[0-9]*" "$log" | grep -o "[0-9]*$")
    echo "# nats-server $(nats-server --version 2>/dev/null | head -1) pid=$pid websocket=$ws tcp=$tcp"
    for tpm in $NATS_TPM; do
        for n in $CLIENTS; do
            load --target nats --port "$ws" --nats-port "$tcp" --nats-ticks-per-message "$tpm" --clients "$n" \
                --server-pid "$pid" --label "nats/$tpm" --offered max
        done
    done
    stop "$pid"
}

echo "# $(nproc) cores shared by the servers and the load client; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for system in $SYSTEMS; do
    case "$system" in
        tickplant)
            for n in $CLIENTS; do
                for offered in $OFFERED; do
                    run_tickplant "$n" "$offered"
                done
            done
            if [[ $TEN_K -eq 1 ]]; then
                CONNECT_TIMEOUT=300
                run_tickplant 10000 100000 10
                CONNECT_TIMEOUT=60
            fi
            ;;
        bare)
            for mode in $BARE_MODES; do
                run_bare "$mode"
            done
            ;;
        nats) run_nats ;;
        *) echo "unknown system '$system'" >&2; exit 2 ;;
    esac
done

echo
echo "# comparison ($(( $(date +%s) - START )) s; warm-up ${WARMUP} s, window ${SECONDS_MEASURED} s; results in $RESULTS)"
java -cp "$CP" dev.tickplant.bench.report.CompareTable "$RESULTS"
