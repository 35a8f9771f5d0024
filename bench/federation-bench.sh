#!/usr/bin/env bash
# The federation benchmark of docs/benchmarks.md ("Federation throughput"): messages/s through two
# relays, next to the single-relay path measured the same way on the same machine, in one go:
#
#   1. builds the WAR and the load generator and creates two Liberty servers with liberty-maven-plugin:
#      relay 1 ($SERVER1, 127.0.0.1:$PORT1, execution relay-bench) and relay 2 ($SERVER2,
#      127.0.0.1:$PORT2, execution relay-bench-peer); writes their registry file (RelayLoad twins):
#      twins 101-105 live on relay 1, twins 201-205 on relay 2 (keys of the shared twins 1-5);
#   2. starts both in embedded mode, federation over http (rmb.federation.scheme=http, the relays'
#      domains 127.0.0.1:$PORT1 and 127.0.0.1:$PORT2), and measures with dev.rmbee.bench.relay.RelayLoad:
#      - "single relay": senders and receivers on relay 1 (shared twins 1-5, relays localhost), the
#        path of bench/relay-bench.sh, as the baseline under the same conditions;
#      - "federation": senders on relay 1, receivers on relay 2 (twins 10x -> 20x): each envelope is
#        queued for federation by relay 1, POSTed to relay 2, checked there (signature) and delivered;
#   2b. "federation, with a black-holed relay" (FED_BENCH_BLACKHOLE=0 skips it): the same federation load
#      while `RelayLoad blackhole` keeps relay 1 busy with a backlog for a relay that accepts TCP and never
#      answers (127.0.0.1:$FED_BENCH_BLACKHOLE_PORT, twins 301-305): one session of twin 105 sends
#      $FED_BENCH_BLACKHOLE_RATE requests/s to twin 301 from before the warmup to the end of the row; the
#      healthy rate is printed as a share of the plain federation row's (the issue's goal: at least 80 %);
#   3. two diagnostic rows, each one change on top of the previous (FED_BENCH_DIAGNOSTIC=0 skips them):
#      relay 2 restarted with rmb.federation.verify=false (what its signature check costs), then relay 1
#      restarted with -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 (on a machine with 2 or
#      fewer cores, the JDK HttpClient completes every response of sendAsync with an executor through
#      CompletableFuture's default executor, which is then a new thread per task; see docs/benchmarks.md);
#   4. starts two redis-servers from the embedded-redis jar (one per relay: two separate relays,
#      not two instances of one), restarts both relays on them and measures the federation in Redis
#      mode (FED_BENCH_REDIS=0 skips it), each sender cycling through $FED_BENCH_REDIS_POOL signed envelopes
#      (the replay memory in Redis forgets after 1 s, not at once: a pool's round must take longer than that);
#   5. stops everything and prints the tables (also in target/federation-bench/report.md).
#
# Traffic goes to 127.0.0.1 only (both servers listen there only); every phase is bounded in time
# (about 7 to 12 minutes in all, the build included; more with FED_BENCH_WAIT_QUIET). Settings (environment):
# FED_BENCH_PORT1 (9591), FED_BENCH_PORT2 (9592), FED_BENCH_REDIS_PORT1 (6591), FED_BENCH_REDIS_PORT2 (6592),
# FED_BENCH_SERVER1 (rmb-fedbench1), FED_BENCH_SERVER2 (rmb-fedbench2), FED_BENCH_PAIRS (16),
# FED_BENCH_WINDOW (16), FED_BENCH_WARMUP (15 s), FED_BENCH_JIT_SETTLE (60 s: after the warmup of each row's maximum,
# up to this many seconds more until both relays' JIT compilers use less than 5 % of a core; 0 = off),
# FED_BENCH_DURATION (10 s), FED_BENCH_FRACTIONS (0.25,0.1),
# FED_BENCH_DRAIN (60 s: how long a phase's end waits for the messages still in flight),
# FED_BENCH_BLACKHOLE (1), FED_BENCH_BLACKHOLE_PORT (9593), FED_BENCH_BLACKHOLE_RATE (100),
# FED_BENCH_DIAGNOSTIC (1), FED_BENCH_REDIS (1), FED_BENCH_REDIS_POOL (1024), FED_BENCH_WAIT_QUIET (0: before each measurement, wait
# up to this many seconds for the machine to be at least 90 % idle), RMB_VECTORS_DIR (src/test/resources/vectors),
# MVN_ARGS (extra Maven arguments, e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT1=${FED_BENCH_PORT1:-9591}
PORT2=${FED_BENCH_PORT2:-9592}
REDIS_PORT1=${FED_BENCH_REDIS_PORT1:-6591}
REDIS_PORT2=${FED_BENCH_REDIS_PORT2:-6592}
SERVER1=${FED_BENCH_SERVER1:-rmb-fedbench1}
SERVER2=${FED_BENCH_SERVER2:-rmb-fedbench2}
PAIRS=${FED_BENCH_PAIRS:-16}
WINDOW=${FED_BENCH_WINDOW:-16}
WARMUP=${FED_BENCH_WARMUP:-15}
JIT_SETTLE=${FED_BENCH_JIT_SETTLE:-60}
DURATION=${FED_BENCH_DURATION:-10}
FRACTIONS=${FED_BENCH_FRACTIONS:-0.25,0.1}
DRAIN=${FED_BENCH_DRAIN:-60}
BLACKHOLE=${FED_BENCH_BLACKHOLE:-1}
BLACKHOLE_PORT=${FED_BENCH_BLACKHOLE_PORT:-9593}
BLACKHOLE_RATE=${FED_BENCH_BLACKHOLE_RATE:-100}
DIAGNOSTIC=${FED_BENCH_DIAGNOSTIC:-1}
WITH_REDIS=${FED_BENCH_REDIS:-1}
REDIS_POOL=${FED_BENCH_REDIS_POOL:-1024}
WAIT_QUIET=${FED_BENCH_WAIT_QUIET:-0}
VECTORS=$(cd "${RMB_VECTORS_DIR:-src/test/resources/vectors}" && pwd)
OUT=$PWD/target/federation-bench
WLP=$PWD/target/liberty/wlp
REDIS_BINARY=redis-server-6.2.6-v5-linux-amd64
DOMAIN1=127.0.0.1:$PORT1
DOMAIN2=127.0.0.1:$PORT2

log() { printf '[federation-bench] %s\n' "$*"; }

rm -rf "$OUT"
mkdir -p "$OUT"

log "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
log "building the WAR and the load generator, creating $SERVER1 (port $PORT1) and $SERVER2 (port $PORT2)"
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} -Pbench -DskipTests \
    -Dbench.server.name="$SERVER1" -Dbench.http.port="$PORT1" \
    -Dbench.peer.server.name="$SERVER2" -Dbench.peer.http.port="$PORT2" \
    package liberty:create@relay-bench liberty:install-feature@relay-bench liberty:deploy@relay-bench \
    liberty:create@relay-bench-peer liberty:deploy@relay-bench-peer \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt"
CP=$PWD/target/test-classes:$PWD/target/classes:$(cat "$OUT/classpath.txt")
load() { java -Xmx2g -Drmb.vectors.dir="$VECTORS" -cp "$CP" dev.rmbee.bench.relay.RelayLoad "$@"; }

load twins --sender-relay "$DOMAIN1" --receiver-relay "$DOMAIN2" --black-hole-relay "127.0.0.1:$BLACKHOLE_PORT" \
    --out "$OUT/federation-twins.json"

UP1=
UP2=
PID1=
PID2=
REDIS_PID1=
REDIS_PID2=
BLACKHOLE_PID=
cleanup() {
    if [ -n "$BLACKHOLE_PID" ]; then kill "$BLACKHOLE_PID" 2>/dev/null || true; BLACKHOLE_PID=; fi
    if [ -n "$UP1" ]; then "$WLP/bin/server" stop "$SERVER1" >/dev/null || true; UP1=; fi
    if [ -n "$UP2" ]; then "$WLP/bin/server" stop "$SERVER2" >/dev/null || true; UP2=; fi
    local port pid
    for port_pid in "$REDIS_PORT1:$REDIS_PID1" "$REDIS_PORT2:$REDIS_PID2"; do
        port=${port_pid%%:*}
        pid=${port_pid#*:}
        if [ -n "$pid" ]; then
            java -cp "$CP" dev.rmbee.testing.RedisControl shutdown "$port" >/dev/null 2>&1 || true
            kill "$pid" 2>/dev/null || true
        fi
    done
    REDIS_PID1=
    REDIS_PID2=
}
trap cleanup EXIT

# The relay's per-twin limits for public relays (rate limit, sessions per twin) and the federation ingress's
# bound per remote address (1,000 POSTs/s) are lifted: here a few twins and one relay carry the whole load
# (thousands of messages/s), and the benchmark measures the relays' capacity, not their limits.
UNLIMITED_TWINS="-Drmb.relay.limit.count=0 -Drmb.relay.limit.bytes=0 -Drmb.relay.max-sessions-per-twin=0 -Drmb.federation.ingress.rate=0"
# Each sender cycles through a pool of 64 signed envelopes, which the ingress's replay memory would take for
# replays (answered 202, not delivered) from their second round on: it stays on the path but forgets at once
# (embedded mode: one envelope remembered; Redis: for 1 s, so the Redis row's senders cycle through
# $REDIS_POOL envelopes each: 16,384 a round with 16 pairs, more than a second's worth at up to ~16,000 msgs/s).
UNLIMITED_TWINS="$UNLIMITED_TWINS -Drmb.federation.replay.capacity=1 -Drmb.federation.replay.max-ttl=1"
# start_relay 1|2 [extra JVM options]: relay 1 serves the shared twins (localhost) and twins 101-105,
# relay 2 twins 201-205; both know all federation twins and federate over http
start_relay() {
    local n=$1
    shift
    local server port jvm
    if [ "$n" = 1 ]; then
        server=$SERVER1 port=$PORT1
        jvm="-Drmb.registry.file=$VECTORS/twins.json,$OUT/federation-twins.json -Drmb.relay.domains=localhost,$DOMAIN1"
    else
        server=$SERVER2 port=$PORT2
        jvm="-Drmb.registry.file=$OUT/federation-twins.json -Drmb.relay.domains=$DOMAIN2"
    fi
    log "starting relay $n ($server, port $port): $*"
    JVM_ARGS="-Xmx512m $UNLIMITED_TWINS -Drmb.federation.scheme=http $jvm $*" HTTP_HOST=127.0.0.1 "$WLP/bin/server" start "$server" >/dev/null
    if [ "$n" = 1 ]; then
        UP1=1
        PID1=$(cat "$WLP/usr/servers/.pid/$server.pid")
    else
        UP2=1
        PID2=$(cat "$WLP/usr/servers/.pid/$server.pid")
    fi
}

stop_relay() {
    if [ "$1" = 1 ]; then
        "$WLP/bin/server" stop "$SERVER1" >/dev/null
        UP1=
    else
        "$WLP/bin/server" stop "$SERVER2" >/dev/null
        UP2=
    fi
}

# machine_idle, wait_quiet
# shellcheck source=bench/quiet.sh
. bench/quiet.sh  # the scripts run from the repository root

REPORTS=()
# measure file name [RelayLoad options]: one row of the tables; a failed measurement (messages lost,
# a relay down) is logged and left out of the report, the other rows go on
measure() {
    local file=$1 name=$2
    shift 2
    wait_quiet
    log "$name: load average before $(cut -d' ' -f1-3 /proc/loadavg)"
    if load run --name "$name" "$@" --pairs "$PAIRS" --window "$WINDOW" --warmup "$WARMUP" --jit-settle "$JIT_SETTLE" --duration "$DURATION" \
            --fractions "$FRACTIONS" --drain "$DRAIN" --out "$OUT/$file.properties"; then
        REPORTS+=("$OUT/$file.properties")
    else
        log "$name: FAILED (see above); left out of the report"
    fi
    echo "$file: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/loadavg.txt"
}

# senders on relay 1, receivers on relay 2
federation() { # file name [pids...]
    local file=$1 name=$2
    shift 2
    measure "$file" "$name" --url "ws://$DOMAIN1/" --receiver-url "ws://$DOMAIN2/" --sender-base 100 --receiver-base 200 "$@"
}

start_relay 1
start_relay 2
measure single "single relay" --url "ws://$DOMAIN1/" --server-pid "$PID1"
federation federation "federation" --server-pid "$PID1,$PID2"

if [ "$BLACKHOLE" = 1 ]; then
    log "black hole on 127.0.0.1:$BLACKHOLE_PORT, $BLACKHOLE_RATE requests/s for it through relay 1"
    load blackhole --port "$BLACKHOLE_PORT" --url "ws://$DOMAIN1/" --sender 105 --to 301 --rate "$BLACKHOLE_RATE" &
    BLACKHOLE_PID=$!
    sleep 5 # a backlog for the black hole before the load starts
    federation federation-blackhole "federation, with a black-holed relay" --server-pid "$PID1,$PID2"
    kill "$BLACKHOLE_PID" 2>/dev/null || true
    wait "$BLACKHOLE_PID" 2>/dev/null || true
    BLACKHOLE_PID=
    plain=$(sed -n 's/^max\.rate=//p' "$OUT/federation.properties" 2>/dev/null || true)
    holed=$(sed -n 's/^max\.rate=//p' "$OUT/federation-blackhole.properties" 2>/dev/null || true)
    if [ -n "$plain" ] && [ -n "$holed" ] && [ "$plain" -gt 0 ]; then
        log "healthy rate with a black-holed relay: $holed msgs/s, $((100 * holed / plain)) % of plain federation's $plain" \
            | tee "$OUT/blackhole.txt"
    fi
    # relay 1 still holds the black hole's backlog (retried until the horizon): the next rows start afresh
    stop_relay 1
    start_relay 1
fi

if [ "$DIAGNOSTIC" = 1 ]; then
    stop_relay 2
    start_relay 2 -Drmb.federation.verify=false
    federation federation-noverify "federation, verify=false" --server-pid "$PID1,$PID2"
    stop_relay 1
    start_relay 1 -Djava.util.concurrent.ForkJoinPool.common.parallelism=2
    federation federation-fjpool "federation, verify=false, FJ pool 2" --server-pid "$PID1,$PID2"
fi
stop_relay 1
stop_relay 2

if [ "$WITH_REDIS" = 1 ]; then
    unzip -qo "$(tr ':' '\n' < "$OUT/classpath.txt" | grep '/embedded-redis-')" "$REDIS_BINARY" -d "$OUT"
    chmod 755 "$OUT/$REDIS_BINARY"
    for n in 1 2; do
        port_var=REDIS_PORT$n
        port=${!port_var}
        mkdir -p "$OUT/redis$n"
        printf 'port %s\nbind 127.0.0.1\nsave ""\nappendonly no\ndir %s\nlogfile %s\n' \
            "$port" "$OUT/redis$n" "$OUT/redis$n/redis.log" > "$OUT/redis$n/redis.conf"
        log "starting redis-server $n on 127.0.0.1:$port"
        "$OUT/$REDIS_BINARY" "$OUT/redis$n/redis.conf" &
        if [ "$n" = 1 ]; then REDIS_PID1=$!; else REDIS_PID2=$!; fi
        java -cp "$CP" dev.rmbee.testing.RedisControl await "$port" "$OUT/$REDIS_BINARY"
    done
    start_relay 1 "-Drmb.redis.url=redis://127.0.0.1:$REDIS_PORT1"
    start_relay 2 "-Drmb.redis.url=redis://127.0.0.1:$REDIS_PORT2"
    federation federation-redis "federation, Redis" --server-pid "$PID1,$PID2" --redis-pid "$REDIS_PID1,$REDIS_PID2" \
        --pool "$REDIS_POOL"
    stop_relay 1
    stop_relay 2
fi
cleanup

log "load averages after each measurement (1, 5, 15 min):"
sed 's/^/    /' "$OUT/loadavg.txt"
[ "${#REPORTS[@]}" -gt 0 ] || { log "no measurement succeeded"; exit 1; }
log "results ($OUT/report.md):"
load report "${REPORTS[@]}" | tee "$OUT/report.md"
if [ -f "$OUT/blackhole.txt" ]; then tee -a "$OUT/report.md" < "$OUT/blackhole.txt"; fi
