#!/usr/bin/env bash
# The relay load benchmark of docs/benchmarks.md ("Relay throughput"), in one go:
#
#   1. builds the WAR, the benchmark echo's archive and the load generator (profile bench), creates the
#      Liberty server $SERVER (port $PORT, its own name and port, never the integration tests' ones) with
#      liberty-maven-plugin (execution relay-bench: the relay, and the echo beside it at /bench);
#   2. starts it in embedded mode (-Xmx512m) and measures, with dev.rmbee.bench.relay.RelayLoad, the bare
#      echo at /bench/echo (the ceiling) and the relay: the maximum rate, then latencies paced at half of
#      it (and at lower fractions);
#   3. restarts it with delivery confirmed on write (rmb.relay.delivery.confirm=write) and measures the
#      relay again, to show what the confirmation pings cost;
#   4. restarts it in embedded mode and connects $SESSIONS idle sessions (sessions connected per second,
#      the server's CPU per connection), then reads the server's heap after a full GC; then (the warm round)
#      closes them and connects as many new sessions to the same server;
#   5. starts a redis-server from the embedded-redis jar (as the build does for the integration tests),
#      restarts the server on it and measures the relay on Redis: first "Redis, cold start" (the first
#      $RELAY_BENCH_DURATION seconds of traffic on the fresh JVM, no warm-up), then warmed; then "Redis, 3 instances": two more
#      servers of the relay-bench execution ($SERVER-b, $SERVER-c on $INSTANCE_PORTS, created when the
#      row runs) on the same Redis with the same twins and domain, three instances of one relay: senders
#      on $SERVER, receivers spread over the other two, the server CPU summed over the three (and each
#      one's in the relays table); then connects the $SESSIONS idle sessions again to $SERVER alone
#      (rate, CPU and heap, on Redis);
#   6. stops everything and prints the tables (also in target/relay-bench/report.md).
#
# Traffic goes to 127.0.0.1 only (the server listens there only); every phase is bounded in time (about
# 6 minutes in all, the build included; more with RELAY_BENCH_WAIT_QUIET). Settings (environment):
# RELAY_BENCH_PORT (9590), RELAY_BENCH_REDIS_PORT (6597), RELAY_BENCH_SERVER (rmb-relaybench),
# RELAY_BENCH_PAIRS (16), RELAY_BENCH_WINDOW (16),
# RELAY_BENCH_WARMUP (15 s: each server is a fresh JVM whose JIT needs it), RELAY_BENCH_DURATION (10 s),
# RELAY_BENCH_SESSIONS (10000), RELAY_BENCH_FRACTIONS (0.25,0.1: further paced phases, as fractions of
# the maximum, for the latency curve), RELAY_BENCH_CONCURRENCY (64: sessions connecting at a time),
# RELAY_BENCH_PHASES (throughput,connect: "throughput" is steps 2, 3 and the Redis measurements of 5,
# "connect" the idle sessions of 4 and 5, "redis-throughput" only the Redis measurements of 5 (one and
# three instances), "redis-instances" only the three-instance row; e.g. RELAY_BENCH_PHASES=connect for the connection rate alone, "connect-embedded"
# that of 4 alone, without Redis),
# RELAY_BENCH_WARM_ROUND (true: the connect phases close the sessions and connect as many new ones to the same
# server, the warm rate beside the cold one), RELAY_BENCH_JVM_ARGS (extra JVM options of every server started),
# RELAY_BENCH_IDLE_SECONDS (20: how long the server's CPU is measured with the sessions idle, once its JIT settled),
# RELAY_BENCH_INSTANCE_PORTS (9592,9593: the ports of the three-instance row's two other instances),
# RELAY_BENCH_JIT_SETTLE (60: the three-instance row, whose two other instances are fresh JVMs, goes on
# warming up after RELAY_BENCH_WARMUP for up to this many seconds, until the JIT compilers of all three
# use less than 5 % of a core each (RelayLoad's --jit-settle); 0 = off),
# RELAY_BENCH_WAIT_QUIET (0: before each measurement, wait up to this many
# seconds for the machine to be at least 90 % idle, for machines shared with other work),
# RMB_VECTORS_DIR (src/test/resources/vectors), MVN_ARGS (extra Maven arguments, e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${RELAY_BENCH_PORT:-9590}
REDIS_PORT=${RELAY_BENCH_REDIS_PORT:-6597}
SERVER=${RELAY_BENCH_SERVER:-rmb-relaybench}
PAIRS=${RELAY_BENCH_PAIRS:-16}
WINDOW=${RELAY_BENCH_WINDOW:-16}
WARMUP=${RELAY_BENCH_WARMUP:-15}
DURATION=${RELAY_BENCH_DURATION:-10}
SESSIONS=${RELAY_BENCH_SESSIONS:-10000}
CONCURRENCY=${RELAY_BENCH_CONCURRENCY:-64}
PHASES=,${RELAY_BENCH_PHASES:-throughput,connect},
WARM_ROUND=${RELAY_BENCH_WARM_ROUND:-true}
IDLE_SECONDS=${RELAY_BENCH_IDLE_SECONDS:-20}
EXTRA_JVM_ARGS=${RELAY_BENCH_JVM_ARGS:-}
INSTANCE_PORTS=${RELAY_BENCH_INSTANCE_PORTS:-9592,9593}
JIT_SETTLE=${RELAY_BENCH_JIT_SETTLE:-60}
FRACTIONS=${RELAY_BENCH_FRACTIONS:-0.25,0.1}
WAIT_QUIET=${RELAY_BENCH_WAIT_QUIET:-0}
VECTORS=$(cd "${RMB_VECTORS_DIR:-src/test/resources/vectors}" && pwd)
OUT=$PWD/target/relay-bench
WLP=$PWD/target/liberty/wlp
REDIS_BINARY=redis-server-6.2.6-v5-linux-amd64

log() { printf '[relay-bench] %s\n' "$*"; }

rm -rf "$OUT"
mkdir -p "$OUT/redis"

log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
log "building the WAR and the load generator, creating server $SERVER on port $PORT"
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} -Pbench -DskipTests -Dbench.server.name="$SERVER" -Dbench.http.port="$PORT" \
    package liberty:create@relay-bench liberty:install-feature@relay-bench liberty:deploy@relay-bench \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt"
CP=$PWD/target/test-classes:$PWD/target/classes:$(cat "$OUT/classpath.txt")
load() { java -Xmx2g -Drmb.vectors.dir="$VECTORS" -cp "$CP" dev.rmbee.bench.relay.RelayLoad "$@"; }

SERVER_UP=
REDIS_PID=
INSTANCES_UP=()
cleanup() {
    if [ -n "$SERVER_UP" ]; then
        "$WLP/bin/server" stop "$SERVER" >/dev/null || true
    fi
    for instance in ${INSTANCES_UP[@]+"${INSTANCES_UP[@]}"}; do
        "$WLP/bin/server" stop "$instance" >/dev/null || true
    done
    if [ -n "$REDIS_PID" ]; then
        java -cp "$CP" dev.rmbee.testing.RedisControl shutdown "$REDIS_PORT" >/dev/null 2>&1 || true
        kill "$REDIS_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT

# The relay's per-twin limits for public relays (rate limit, sessions per twin) are lifted: here a few twins
# carry the whole load (thousands of messages/s, thousands of idle sessions each), and the benchmark measures
# the relay's capacity, not its limits.
UNLIMITED_TWINS="-Drmb.relay.limit.count=0 -Drmb.relay.limit.bytes=0 -Drmb.relay.max-sessions-per-twin=0"
# start_server [extra JVM options]: the relay with the shared vectors' twins (relays: localhost), and the echo
start_server() {
    log "starting $SERVER: $*"
    JVM_ARGS="-Xmx512m $UNLIMITED_TWINS -Drmb.registry.file=$VECTORS/twins.json -Drmb.relay.domains=localhost $EXTRA_JVM_ARGS $*" \
        HTTP_HOST=127.0.0.1 "$WLP/bin/server" start "$SERVER" >/dev/null
    SERVER_UP=1
    SERVER_PID=$(cat "$WLP/usr/servers/.pid/$SERVER.pid")
}

stop_server() {
    "$WLP/bin/server" stop "$SERVER" >/dev/null
    SERVER_UP=
}

# machine_idle, wait_quiet
# shellcheck source=bench/quiet.sh
. bench/quiet.sh  # the scripts run from the repository root

measure() { # file name path [--echo]
    local file=$1 name=$2 path=$3
    shift 3
    wait_quiet
    load run --name "$name" --url "ws://127.0.0.1:$PORT$path" "$@" --pairs "$PAIRS" --window "$WINDOW" \
        --warmup "${MEASURE_WARMUP:-$WARMUP}" --duration "$DURATION" --fractions "${MEASURE_FRACTIONS-$FRACTIONS}" \
        --server-pid "$SERVER_PID" ${REDIS_PID:+--redis-pid "$REDIS_PID"} --out "$OUT/$file.properties"
}

# idle file name [--redis-pid PID]: connects the idle sessions, then measures the server's heap with them
idle() {
    local file=$1 name=$2
    shift 2
    wait_quiet
    load idle --name "$name" --url "ws://127.0.0.1:$PORT/" --sessions "$SESSIONS" --concurrency "$CONCURRENCY" \
        --server-pid "$SERVER_PID" --heap-max 512m --warm-round "$WARM_ROUND" --idle-seconds "$IDLE_SECONDS" --out "$OUT/$file.properties" "$@"
}

# measure_instances: "Redis, 3 instances": $SERVER (running on Redis) and two more instances of the same relay
# on the same Redis (servers of the relay-bench execution under their own names and ports, created here);
# senders on $SERVER, receivers spread over the other two; the CPU of all three summed. The two are fresh
# JVMs started right before the row: its warm-up goes on until their JIT compilers settled ($JIT_SETTLE)
measure_instances() {
    local pids=$SERVER_PID urls="" name port ports suffixes=(b c d e f g)
    IFS=, read -r -a ports <<< "$INSTANCE_PORTS"
    for i in "${!ports[@]}"; do
        name=$SERVER-${suffixes[$i]}
        port=${ports[$i]}
        log "creating server $name on port $port (an instance of the same relay)"
        # shellcheck disable=SC2086
        mvn -B -q ${MVN_ARGS:-} -Pbench -DskipTests -Dbench.server.name="$name" -Dbench.http.port="$port" \
            liberty:create@relay-bench liberty:install-feature@relay-bench liberty:deploy@relay-bench
        log "starting $name on Redis"
        JVM_ARGS="-Xmx512m $UNLIMITED_TWINS -Drmb.registry.file=$VECTORS/twins.json -Drmb.relay.domains=localhost \
-Drmb.redis.url=redis://127.0.0.1:$REDIS_PORT -Drmb.federation.instance=$name" \
            HTTP_HOST=127.0.0.1 "$WLP/bin/server" start "$name" >/dev/null
        INSTANCES_UP+=("$name")
        pids+=,$(cat "$WLP/usr/servers/.pid/$name.pid")
        urls+=${urls:+,}ws://127.0.0.1:$port/
    done
    wait_quiet
    load run --name "Redis, 3 instances" --url "ws://127.0.0.1:$PORT/" --receiver-url "$urls" --pairs "$PAIRS" \
        --window "$WINDOW" --warmup "$WARMUP" --jit-settle "$JIT_SETTLE" --duration "$DURATION" --fractions "$FRACTIONS" \
        --server-pid "$pids" --redis-pid "$REDIS_PID" --out "$OUT/redis-3.properties"
    for instance in "${INSTANCES_UP[@]}"; do
        "$WLP/bin/server" stop "$instance" >/dev/null
    done
    INSTANCES_UP=()
}

RESULTS=()
if [[ $PHASES == *,throughput,* ]]; then
    start_server
    measure echo echo /bench/echo --echo
    measure embedded embedded /
    stop_server

    start_server -Drmb.relay.delivery.confirm=write
    measure embedded-write "embedded, confirm=write" /
    stop_server
    RESULTS+=("$OUT/echo.properties" "$OUT/embedded.properties" "$OUT/embedded-write.properties")
fi

if [[ $PHASES == *,connect,* || $PHASES == *,connect-embedded,* ]]; then
    start_server
    idle idle-embedded embedded
    stop_server
    RESULTS+=("$OUT/idle-embedded.properties")
fi
if [[ $PHASES != *,throughput,* && $PHASES != *,redis-throughput,* && $PHASES != *,redis-instances,* \
    && $PHASES != *,connect,* ]]; then
    log "results ($OUT/report.md):"
    load report "${RESULTS[@]}" | tee "$OUT/report.md"
    exit 0
fi

log "starting redis-server on 127.0.0.1:$REDIS_PORT"
unzip -qo "$(tr ':' '\n' < "$OUT/classpath.txt" | grep '/embedded-redis-')" "$REDIS_BINARY" -d "$OUT/redis"
chmod 755 "$OUT/redis/$REDIS_BINARY"
printf 'port %s\nbind 127.0.0.1\nsave ""\nappendonly no\ndir %s\nlogfile %s\n' \
    "$REDIS_PORT" "$OUT/redis" "$OUT/redis/redis.log" > "$OUT/redis/redis.conf"
"$OUT/redis/$REDIS_BINARY" "$OUT/redis/redis.conf" &
REDIS_PID=$!
java -cp "$CP" dev.rmbee.testing.RedisControl await "$REDIS_PORT" "$OUT/redis/$REDIS_BINARY"

start_server "-Drmb.redis.url=redis://127.0.0.1:$REDIS_PORT"
if [[ $PHASES == *,throughput,* || $PHASES == *,redis-throughput,* ]]; then
    # the first traffic of a freshly started instance: no warm-up, its JIT still compiling
    MEASURE_WARMUP=0 MEASURE_FRACTIONS="" measure redis-cold "Redis, cold start" /
    measure redis "Redis" /
    measure_instances
    RESULTS+=("$OUT/redis.properties" "$OUT/redis-3.properties" "$OUT/redis-cold.properties")
elif [[ $PHASES == *,redis-instances,* ]]; then
    measure_instances
    RESULTS+=("$OUT/redis-3.properties")
fi
if [[ $PHASES == *,connect,* ]]; then
    idle idle-redis Redis --redis-pid "$REDIS_PID"
    RESULTS+=("$OUT/idle-redis.properties")
fi
stop_server
cleanup
REDIS_PID=

log "results ($OUT/report.md):"
load report "${RESULTS[@]}" | tee "$OUT/report.md"
