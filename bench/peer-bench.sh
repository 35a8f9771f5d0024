#!/usr/bin/env bash
# The peer gateway benchmark of docs/benchmarks.md ("Peer gateway throughput"), in one go:
#
#   1. builds the WAR and the load generator, creates the Liberty server $SERVER (port $PORT, its own
#      name and port) with liberty-maven-plugin (execution relay-bench, with this script's name and port);
#   2. writes the benchmark's twins (20 = //PeerA the requester, 21 = //PeerB the responder, sr25519,
#      relays localhost, with e2e keys; and the same without e2e keys), starts a redis-server from the
#      embedded-redis jar on 127.0.0.1:$REDIS_PORT and the relay in embedded mode (-Xmx512m) with them;
#   3. for each mode of $MODES (e2e: encrypted payloads; plain: the peers' registry without e2e keys):
#      starts the two peers as JVMs of their own (dev.rmbee.bench.peer.PeerLoad peer: relay link, Redis local
#      bus on their own database, gateway), then dev.rmbee.bench.peer.PeerLoad run: the crypto floor of a
#      round trip in its JVM, then clients and echo services on the peers' databases: the maximum
#      rate (windowed), latencies paced at fractions of it, CPU of every process, every response checked;
#      stops the peers;
#   4. stops everything and prints the tables (also in target/peer-bench/report.md).
#
# Traffic goes to 127.0.0.1 only; every phase is bounded in time (5-7 minutes in all, the build
# included; more with PEER_BENCH_WAIT_QUIET). Settings (environment): PEER_BENCH_PORT (9790),
# PEER_BENCH_REDIS_PORT (6790), PEER_BENCH_SERVER (rmb-peerbench), PEER_BENCH_MODES (e2e,plain),
# PEER_BENCH_CLIENTS (8), PEER_BENCH_WINDOW (8 requests outstanding per client), PEER_BENCH_SERVICES (4),
# PEER_BENCH_PAYLOAD (1024 bytes), PEER_BENCH_WARMUP (15 s; then up to PEER_BENCH_WARMUP_LIMIT (60) s more,
# until the JIT compiler threads of every JVM use less than 5 % of a core: the peers are fresh JVMs), PEER_BENCH_DURATION
# (10 s), PEER_BENCH_FRACTIONS (0.5,0.25: paced phases as fractions of the maximum), PEER_BENCH_FLOOR
# (6 s of crypto floor measurement after 8 s warm-up; 0: none), PEER_BENCH_PEER_THREADS (4: each peer's
# executor), PEER_BENCH_BUS (resp: the peers' local bus sends all but its blocking takes through the RESP
# client, as a server with rmb.redis.hot-client=resp; redisson: everything through Redisson), PEER_BENCH_JFR (0; 1: a JFR recording of each peer and the relay in target/peer-bench/*.jfr),
# PEER_BENCH_WAIT_QUIET (0: before each mode, wait up to this many seconds for the machine to be at
# least 90 % idle, for machines shared with other work), MVN_ARGS (extra Maven arguments, e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PEER_BENCH_PORT:-9790}
REDIS_PORT=${PEER_BENCH_REDIS_PORT:-6790}
SERVER=${PEER_BENCH_SERVER:-rmb-peerbench}
MODES=${PEER_BENCH_MODES:-e2e,plain}
CLIENTS=${PEER_BENCH_CLIENTS:-8}
WINDOW=${PEER_BENCH_WINDOW:-8}
SERVICES=${PEER_BENCH_SERVICES:-4}
PAYLOAD=${PEER_BENCH_PAYLOAD:-1024}
WARMUP=${PEER_BENCH_WARMUP:-15}
WARMUP_LIMIT=${PEER_BENCH_WARMUP_LIMIT:-60}
DURATION=${PEER_BENCH_DURATION:-10}
FRACTIONS=${PEER_BENCH_FRACTIONS:-0.5,0.25}
FLOOR=${PEER_BENCH_FLOOR:-6}
PEER_THREADS=${PEER_BENCH_PEER_THREADS:-4}
BUS=${PEER_BENCH_BUS:-resp}
JFR=${PEER_BENCH_JFR:-0}
WAIT_QUIET=${PEER_BENCH_WAIT_QUIET:-0}
OUT=$PWD/target/peer-bench
WLP=$PWD/target/liberty/wlp
REDIS_BINARY=redis-server-6.2.6-v5-linux-amd64

log() { printf '[peer-bench] %s\n' "$*"; }

mkdir -p target
exec 9> target/peer-bench.lock # (the processes started below do not inherit it)
if ! flock -n 9; then
    log "another peer-bench.sh runs in this directory (target/peer-bench.lock)"
    exit 1
fi

rm -rf "$OUT"
mkdir -p "$OUT/redis"

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $LOAD_START"
log "building the WAR and the load generator, creating server $SERVER on port $PORT"
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} -Pbench -DskipTests -Dbench.server.name="$SERVER" -Dbench.http.port="$PORT" \
    package liberty:create@relay-bench liberty:install-feature@relay-bench liberty:deploy@relay-bench \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt"
CP=$PWD/target/test-classes:$PWD/target/classes:$(cat "$OUT/classpath.txt")
jfr() { # name: JVM option for a recording, when asked for
    [ "$JFR" = 1 ] && printf -- '-XX:StartFlightRecording=filename=%s/%s.jfr,settings=profile' "$OUT" "$1"
    return 0
}

SERVER_UP=
REDIS_PID=
PEER_PIDS=()
cleanup() {
    local pid
    for pid in "${PEER_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PEER_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    PEER_PIDS=()
    if [ -n "$SERVER_UP" ]; then
        "$WLP/bin/server" stop "$SERVER" >/dev/null || true
        SERVER_UP=
    fi
    if [ -n "$REDIS_PID" ]; then
        java -cp "$CP" dev.rmbee.testing.RedisControl shutdown "$REDIS_PORT" >/dev/null 2>&1 || true
        kill "$REDIS_PID" 2>/dev/null || true
        REDIS_PID=
    fi
}
trap cleanup EXIT

# machine_idle, wait_quiet
# shellcheck source=bench/quiet.sh
. bench/quiet.sh  # the scripts run from the repository root

java -cp "$CP" dev.rmbee.bench.peer.PeerLoad registry --out "$OUT/twins.json" --plain-out "$OUT/twins-plain.json"

log "starting redis-server on 127.0.0.1:$REDIS_PORT"
unzip -qo "$(tr ':' '\n' < "$OUT/classpath.txt" | grep '/embedded-redis-')" "$REDIS_BINARY" -d "$OUT/redis"
chmod 755 "$OUT/redis/$REDIS_BINARY"
printf 'port %s\nbind 127.0.0.1\nsave ""\nappendonly no\ndir %s\nlogfile %s\n' \
    "$REDIS_PORT" "$OUT/redis" "$OUT/redis/redis.log" > "$OUT/redis/redis.conf"
"$OUT/redis/$REDIS_BINARY" "$OUT/redis/redis.conf" 9>&- &
REDIS_PID=$!
java -cp "$CP" dev.rmbee.testing.RedisControl await "$REDIS_PORT" "$OUT/redis/$REDIS_BINARY"

# The relay's per-twin limits for public relays (rate limit, sessions per twin) are lifted: here a few twins
# carry the whole load (thousands of messages/s, thousands of idle sessions each), and the benchmark measures
# the relay's capacity, not its limits.
UNLIMITED_TWINS="-Drmb.relay.limit.count=0 -Drmb.relay.limit.bytes=0 -Drmb.relay.max-sessions-per-twin=0"
log "starting $SERVER (embedded mode) on 127.0.0.1:$PORT"
JVM_ARGS="-Xmx512m $UNLIMITED_TWINS -Drmb.registry.file=$OUT/twins.json -Drmb.relay.domains=localhost $(jfr relay)" \
    HTTP_HOST=127.0.0.1 "$WLP/bin/server" start "$SERVER" >/dev/null 9>&-
SERVER_UP=1
SERVER_PID=$(cat "$WLP/usr/servers/.pid/$SERVER.pid")

# start_peer name secret registry database: a peer JVM in the background; sets PEER_PID
start_peer() {
    local name=$1 secret=$2 registry=$3 db=$4
    rm -f "$OUT/$name.ready"
    # shellcheck disable=SC2046
    java -Xmx512m $(jfr "$name") -cp "$CP" dev.rmbee.bench.peer.PeerLoad peer --secret "$secret" --registry "$registry" \
        --relay "ws://127.0.0.1:$PORT/" --redis-port "$REDIS_PORT" --db "$db" --threads "$PEER_THREADS" --bus "$BUS" \
        --ready "$OUT/$name.ready" > "$OUT/$name.log" 2>&1 9>&- &
    PEER_PID=$!
    PEER_PIDS+=("$PEER_PID")
}

await_peer() { # name pid
    local i
    for i in $(seq 1 300); do
        [ -s "$OUT/$1.ready" ] && return 0
        if ! kill -0 "$2" 2>/dev/null; then
            log "peer $1 exited:"; cat "$OUT/$1.log"; exit 1
        fi
        sleep 0.1
    done
    log "peer $1 did not connect within 30 s:"; cat "$OUT/$1.log"; exit 1
}

stop_peers() {
    local pid
    for pid in "${PEER_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PEER_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    PEER_PIDS=()
}

DB=1
RESULTS=()
for mode in ${MODES//,/ }; do
    case $mode in
        e2e) registry=$OUT/twins.json; label="1 KiB, e2e encrypted"; extra=() ;;
        plain) registry=$OUT/twins-plain.json; label="1 KiB, plain"; extra=(--plain) ;;
        *) log "unknown mode $mode (e2e or plain)"; exit 2 ;;
    esac
    [ "$PAYLOAD" = 1024 ] || label=${label/1 KiB/$PAYLOAD bytes}
    log "mode $mode: peers on databases $DB and $(( DB + 1 ))"
    start_peer "requester-$mode" //PeerA "$registry" "$DB"; REQUESTER_PID=$PEER_PID
    start_peer "responder-$mode" //PeerB "$registry" $(( DB + 1 )); RESPONDER_PID=$PEER_PID
    await_peer "requester-$mode" "$REQUESTER_PID"
    await_peer "responder-$mode" "$RESPONDER_PID"
    wait_quiet
    java -Xmx1g -cp "$CP" dev.rmbee.bench.peer.PeerLoad run --name "$label" --redis-port "$REDIS_PORT" \
        --requester-db "$DB" --responder-db $(( DB + 1 )) --requester-pid "$REQUESTER_PID" \
        --responder-pid "$RESPONDER_PID" --relay-pid "$SERVER_PID" --redis-pid "$REDIS_PID" \
        --clients "$CLIENTS" --window "$WINDOW" --services "$SERVICES" --payload "$PAYLOAD" \
        --warmup "$WARMUP" --warmup-limit "$WARMUP_LIMIT" --duration "$DURATION" --fractions "$FRACTIONS" --floor-duration "$FLOOR" \
        "${extra[@]}" --out "$OUT/$mode.properties"
    stop_peers
    RESULTS+=("$OUT/$mode.properties")
    DB=$(( DB + 2 ))
done
cleanup
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

log "results ($OUT/report.md):"
{
    echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(java -version 2>&1 | head -1); load average at the start $LOAD_START, at the end $LOAD_END; $(date -u +%Y-%m-%d)."
    echo
    java -cp "$CP" dev.rmbee.bench.peer.PeerLoad report "${RESULTS[@]}"
} | tee "$OUT/report.md"
