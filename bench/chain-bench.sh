#!/usr/bin/env bash
# The tfchain registry benchmark of docs/benchmarks.md ("Twin registry on tfchain"), in one go:
#
#   1. builds the WAR and the load generators (profile bench) and creates the Liberty server $SERVER
#      (port $PORT, its own name and port) as relay-bench.sh does (execution relay-bench);
#   2. starts the test chain node (src/test/chain-node, Node.js + polkadot-js, installed with npm ci on
#      first use as the tests do) on ports $RPC_PORT (RPC) and $CONTROL_PORT (control) through
#      dev.rmbee.bench.chain.ChainBench node, with the benchmark's twins: the shared twins.json's 1-5
#      (relays localhost), the first-contact twins $SEQ_IDS and $PAR_IDS, the ids $DELETED put and deleted
#      again, and twin $LAST, the chain's last id; a block every $BLOCK_MS ms (tfchain's 6 s);
#   3. the relay on a file registry holding the same twins (-Drmb.registry.file): RelayLoad run exactly as
#      relay-bench's embedded row (max, then paced at half), then rounds of upgrades: a JIT warm-up by
#      twins 1-5, then first and second contacts of the twins $SEQ_IDS one at a time and of $PAR_IDS
#      $CONCURRENCY at a time;
#   4. the relay on the chain (-Drmb.chain.urls=ws://127.0.0.1:$RPC_PORT, no registry file): the same,
#      so the first contacts are the cold cache and the second ones the warm cache; then floods of
#      upgrades naming twins the chain does not have (random u32s above its last id, the deleted ids,
#      both mixed), each after a quiet baseline, while a real twin's upgrade is timed;
#   5. stops everything and prints the tables (also in target/chain-bench/report.md).
#
# Traffic goes to 127.0.0.1 only; about 5-6 minutes in all (more with the wait for a quiet machine, and
# the first npm ci). Settings (environment): CHAIN_BENCH_PORT (9593), CHAIN_BENCH_RPC_PORT (9960),
# CHAIN_BENCH_CONTROL_PORT (9961), CHAIN_BENCH_SERVER (rmb-chainbench), CHAIN_BENCH_BLOCK_MS (6000),
# CHAIN_BENCH_SEQ_IDS (1001-1200), CHAIN_BENCH_PAR_IDS (2001-4000), CHAIN_BENCH_CONCURRENCY (16),
# CHAIN_BENCH_DELETED (100001-101000), CHAIN_BENCH_LAST (16777217), CHAIN_BENCH_FLOOD_SECONDS (15),
# CHAIN_BENCH_FLOOD_CONCURRENCY (8), CHAIN_BENCH_FLOOD_ATTEMPTS (30000: tokens signed per flood),
# CHAIN_BENCH_PAIRS (16), CHAIN_BENCH_WINDOW (16), CHAIN_BENCH_WARMUP (15), CHAIN_BENCH_DURATION (10),
# CHAIN_BENCH_FRACTIONS (none: further paced phases of RelayLoad, as in relay-bench.sh),
# CHAIN_BENCH_WAIT_QUIET (default RELAY_BENCH_WAIT_QUIET, else 0: before each measurement, wait up to this
# many seconds for the machine to be at least 90 % idle), RMB_VECTORS_DIR (src/test/resources/vectors),
# MVN_ARGS (extra Maven arguments, e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${CHAIN_BENCH_PORT:-9593}
RPC_PORT=${CHAIN_BENCH_RPC_PORT:-9960}
CONTROL_PORT=${CHAIN_BENCH_CONTROL_PORT:-9961}
SERVER=${CHAIN_BENCH_SERVER:-rmb-chainbench}
BLOCK_MS=${CHAIN_BENCH_BLOCK_MS:-6000}
SEQ_IDS=${CHAIN_BENCH_SEQ_IDS:-1001-1200}
PAR_IDS=${CHAIN_BENCH_PAR_IDS:-2001-4000}
CONCURRENCY=${CHAIN_BENCH_CONCURRENCY:-16}
DELETED=${CHAIN_BENCH_DELETED:-100001-101000}
# the chain's last id: 0x01000001, whose four bytes read the same in either order (the test chain node
# serves u32 storage values such as TwinID big-endian; see docs/benchmarks.md)
LAST=${CHAIN_BENCH_LAST:-16777217}
FLOOD_SECONDS=${CHAIN_BENCH_FLOOD_SECONDS:-15}
FLOOD_CONCURRENCY=${CHAIN_BENCH_FLOOD_CONCURRENCY:-8}
FLOOD_ATTEMPTS=${CHAIN_BENCH_FLOOD_ATTEMPTS:-30000}
PAIRS=${CHAIN_BENCH_PAIRS:-16}
WINDOW=${CHAIN_BENCH_WINDOW:-16}
WARMUP=${CHAIN_BENCH_WARMUP:-15}
DURATION=${CHAIN_BENCH_DURATION:-10}
FRACTIONS=${CHAIN_BENCH_FRACTIONS:-}
WAIT_QUIET=${CHAIN_BENCH_WAIT_QUIET:-${RELAY_BENCH_WAIT_QUIET:-0}}
ABSENT_TTL=10 # the relay's rmb.chain.cache.absent-ttl (default)
VECTORS=$(cd "${RMB_VECTORS_DIR:-src/test/resources/vectors}" && pwd)
OUT=$PWD/target/chain-bench
WLP=$PWD/target/liberty/wlp

log() { printf '[chain-bench] %s\n' "$*"; }

rm -rf "$OUT"
mkdir -p "$OUT"

log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
log "building the WAR and the load generators, creating server $SERVER on port $PORT"
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} -Pbench -DskipTests -Dbench.server.name="$SERVER" -Dbench.http.port="$PORT" \
    package liberty:create@relay-bench liberty:install-feature@relay-bench liberty:deploy@relay-bench \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt"
# the servers liberty-maven-plugin creates preload the demo twins through server.env (RMB_REGISTRY_FILE,
# which wins over the environment): none here, the relay on the chain must have no local twin
sed -i '/^RMB_REGISTRY_FILE=/d' "$WLP/usr/servers/$SERVER/server.env"
CP=$PWD/target/test-classes:$PWD/target/classes:$(cat "$OUT/classpath.txt")
CHAIN_BENCH=(java -Xmx1g -Drmb.vectors.dir="$VECTORS" -cp "$CP" dev.rmbee.bench.chain.ChainBench)
bench() { "${CHAIN_BENCH[@]}" "$@"; }
load() { java -Xmx2g -Drmb.vectors.dir="$VECTORS" -cp "$CP" dev.rmbee.bench.relay.RelayLoad "$@"; }

SERVER_UP=
NODE_JVM=
cleanup() {
    if [ -n "$SERVER_UP" ]; then
        "$WLP/bin/server" stop "$SERVER" >/dev/null || true
        SERVER_UP=
    fi
    if [ -n "$NODE_JVM" ]; then
        kill "$NODE_JVM" 2>/dev/null || true # its shutdown hook ends the node
        wait "$NODE_JVM" 2>/dev/null || true
        NODE_JVM=
    fi
}
trap cleanup EXIT

# machine_idle, wait_quiet
# shellcheck source=bench/quiet.sh
. bench/quiet.sh # the scripts run from the repository root

log "starting the chain node (RPC $RPC_PORT, control $CONTROL_PORT; npm ci on first use)"
"${CHAIN_BENCH[@]}" node --rpc-port "$RPC_PORT" --control-port "$CONTROL_PORT" --block-ms "$BLOCK_MS" \
    --contacts "$SEQ_IDS,$PAR_IDS" --deleted "$DELETED" --last "$LAST" \
    --twins-file "$OUT/bench-twins.json" --ready "$OUT/node.properties" > "$OUT/node.log" 2>&1 &
NODE_JVM=$! # the JVM itself (not a subshell), whose end ends the node
for _ in $(seq 600); do
    [ -f "$OUT/node.properties" ] && break
    kill -0 "$NODE_JVM" 2>/dev/null || { cat "$OUT/node.log"; log "the chain node did not start"; exit 1; }
    sleep 0.5
done
[ -f "$OUT/node.properties" ] || { cat "$OUT/node.log"; log "the chain node did not start in 300 s"; exit 1; }
NODE_PID=$(sed -n 's/^node.pid=//p' "$OUT/node.properties")
log "chain node up (process $NODE_PID): $(grep -v '^#' "$OUT/node.properties" | tr '\n' ' ')"

# The relay's per-twin limits for public relays (rate limit, sessions per twin) are lifted: here a few twins
# carry the whole load (thousands of messages/s, thousands of idle sessions each), and the benchmark measures
# the relay's capacity, not its limits.
UNLIMITED_TWINS="-Drmb.relay.limit.count=0 -Drmb.relay.limit.bytes=0 -Drmb.relay.max-sessions-per-twin=0"
# start_server registry-options: the relay (relays: localhost) and the echo, as relay-bench.sh starts them
start_server() {
    log "starting $SERVER: $*"
    JVM_ARGS="-Xmx512m $UNLIMITED_TWINS -Drmb.relay.domains=localhost $*" HTTP_HOST=127.0.0.1 "$WLP/bin/server" start "$SERVER" >/dev/null
    SERVER_UP=1
    SERVER_PID=$(cat "$WLP/usr/servers/.pid/$SERVER.pid")
}

stop_server() {
    "$WLP/bin/server" stop "$SERVER" >/dev/null
    SERVER_UP=
}

measure() { # file name
    wait_quiet
    # shellcheck disable=SC2086
    load run --name "$2" --url "ws://127.0.0.1:$PORT/" --pairs "$PAIRS" --window "$WINDOW" \
        --warmup "$WARMUP" --duration "$DURATION" --fractions "$FRACTIONS" --server-pid "$SERVER_PID" \
        --out "$OUT/$1.properties"
}

contacts() { # file name round ids concurrency [attempts]
    bench contacts --name "$2" --round "$3" --ids "$4" --concurrency "$5" ${6:+--attempts "$6"} --port "$PORT" \
        --control-port "$CONTROL_PORT" --server-pid "$SERVER_PID" --node-pid "$NODE_PID" --out "$OUT/$1.properties"
}

# the JIT warm-up of the upgrade path, then first and second contacts one at a time and many at a time
contact_rounds() { # prefix name
    contacts "$1-jit" "$2" "JIT warm-up" 1-5 "$CONCURRENCY" 4000
    wait_quiet
    contacts "$1-1" "$2" "first contact" "$SEQ_IDS" 1
    contacts "$1-2" "$2" "known twin" "$SEQ_IDS" 1
    wait_quiet
    contacts "$1-3" "$2" "first contact" "$PAR_IDS" "$CONCURRENCY"
    contacts "$1-4" "$2" "known twin" "$PAR_IDS" "$CONCURRENCY"
}

flood() { # kind
    wait_quiet
    bench flood --kind "$1" --duration "$FLOOD_SECONDS" --concurrency "$FLOOD_CONCURRENCY" \
        --attempts "$FLOOD_ATTEMPTS" --deleted "$DELETED" --last "$LAST" --port "$PORT" \
        --control-port "$CONTROL_PORT" --server-pid "$SERVER_PID" --node-pid "$NODE_PID" \
        --out "$OUT/flood-$1.properties"
}

start_server "-Drmb.registry.file=$OUT/bench-twins.json"
measure file "embedded, file registry"
contact_rounds file "file"
stop_server

start_server "-Drmb.chain.urls=ws://127.0.0.1:$RPC_PORT"
measure chain "embedded, tfchain registry"
contact_rounds chain "tfchain"
flood quiet
flood random
flood deleted
log "waiting $((ABSENT_TTL + 1)) s: the deleted ids leave the relay's absent-twin table"
sleep $((ABSENT_TTL + 1))
flood mixed
stop_server
cleanup

log "results ($OUT/report.md):"
{
    load report "$OUT/file.properties" "$OUT/chain.properties"
    echo
    bench report "$OUT"/file-[1-4].properties "$OUT"/chain-[1-4].properties
    echo
    bench report "$OUT"/flood-quiet.properties "$OUT"/flood-random.properties "$OUT"/flood-deleted.properties \
        "$OUT"/flood-mixed.properties
} | tee "$OUT/report.md"
