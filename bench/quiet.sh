# Shared by the benchmark scripts (sourced): waiting for a quiet machine before a measurement.
# Needs WAIT_QUIET (seconds; 0 = do not wait) and a log function.

# idle percentage of the whole machine over the next 3 seconds
machine_idle() {
    local a b
    read -r -a a < /proc/stat
    sleep 3
    read -r -a b < /proc/stat
    local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) all=0 i
    for i in 1 2 3 4 5 6 7 8; do all=$(( all + b[i] - a[i] )); done
    echo $(( all > 0 ? 100 * idle / all : 0 ))
}

# waits up to WAIT_QUIET seconds for the machine to be at least 90 % idle
wait_quiet() {
    [ "$WAIT_QUIET" -gt 0 ] || return 0
    local deadline=$(( SECONDS + WAIT_QUIET )) idle
    while idle=$(machine_idle); [ "$idle" -lt 90 ]; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "the machine is still busy (idle $idle %): measuring anyway"
            return 0
        fi
        log "waiting for a quiet machine (idle $idle %, load average $(cut -d' ' -f1 /proc/loadavg))"
        sleep 7
    done
}
