package dev.rmbee.bench.peer;

import dev.rmbee.bench.load.Samples;
import dev.rmbee.peer.api.Base64Data;
import dev.rmbee.peer.api.IncomingResponse;
import dev.rmbee.peer.api.OutgoingRequest;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.testing.RedisConnection;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/** One local client of the requester: its own {@code ret} list, one connection to push, one to pop. */
final class Client {
    private static final int RING = 1 << 14;
    private static final int MASK = RING - 1;

    final LocalPrograms programs;
    final int index;
    final String ret;
    final String prefix;
    final String responder = Integer.toString(PeerLoad.RESPONDER);
    RedisConnection out;
    RedisConnection in;
    final AtomicLongArray stamps = new AtomicLongArray(RING);
    /** The sequence number of the request outstanding in each slot, -1 when it was answered. */
    final AtomicLongArray outstanding = new AtomicLongArray(RING);

    final AtomicLong sentCount = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final Samples samples = new Samples();
    long sent; // under the lock

    Client(LocalPrograms programs, int index) {
        this.programs = programs;
        this.index = index;
        this.ret = "bench.ret." + programs.run + "." + index;
        this.prefix = programs.run + "-" + index + "-";
        for (int i = 0; i < RING; i++) {
            outstanding.set(i, -1);
        }
    }

    /** Sends a request whenever the phase grants one (a credit), while the responses are not too far behind. */
    void sendLoop() throws IOException {
        while (!programs.stopping) {
            Phase p = programs.phase;
            try {
                if (p == null || p.stopped) {
                    Thread.sleep(5);
                    continue;
                }
                if (!p.credits[index].tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            while (sentCount.get() - answered.get() >= RING - 1 && !p.stopped) {
                LockSupport.parkNanos(1_000_000); // the responses are far behind: wait for room
            }
            long s;
            synchronized (this) {
                if (p.stopped) {
                    continue;
                }
                s = sent++;
                long stamp = p.paced ? p.scheduled(index, s - p.base[index]) : System.nanoTime();
                stamps.set((int) (s & MASK), stamp);
                outstanding.set((int) (s & MASK), s);
                sentCount.set(sent);
            }
            out.lpush(LocalKeys.SYSTEM_LOCAL, request(prefix + s).toJson());
        }
    }

    private OutgoingRequest request(String ref) {
        return new OutgoingRequest(
                1,
                ref,
                PeerLoad.COMMAND,
                300,
                Base64Data.encode(PeerLoad.payload(ref, programs.payloadSize)),
                null,
                List.of(PeerLoad.RESPONDER),
                ret,
                "application/json",
                System.currentTimeMillis() / 1000);
    }

    void receiveLoop() throws IOException {
        while (!programs.stopping) {
            byte[] item = in.brpop(ret, 1);
            if (item == null) {
                continue;
            }
            long now = System.nanoTime();
            arrived(item, now);
        }
    }

    private void arrived(byte[] json, long now) {
        IncomingResponse response;
        try {
            response = IncomingResponse.parse(json);
        } catch (Exception e) {
            programs.mismatched.incrementAndGet();
            PeerLoad.LOG.log("client %d: unreadable response: %s", index, e);
            return;
        }
        String ref = response.reference();
        long s = sequenceOf(ref);
        int slot = (int) (s & MASK);
        if (s < 0 || !outstanding.compareAndSet(slot, s, -1)) {
            if (programs.mismatched.incrementAndGet() <= 3) {
                PeerLoad.LOG.log("client %d: a response to no outstanding request of this client (ref %s)", index, ref);
            }
            return;
        }
        check(response, ref);
        Phase current = programs.phase;
        if (current.recording) {
            samples.add(now - stamps.get(slot));
        }
        answered.incrementAndGet();
        if (!current.paced && !current.stopped) {
            current.credits[index].release();
        }
    }

    /** The sequence number in a reference of this client's ({@code prefix + n}), else -1. */
    private long sequenceOf(String ref) {
        try {
            return ref != null && ref.startsWith(prefix) ? Long.parseLong(ref.substring(prefix.length())) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Counts an error response, or one that is not the echo of request {@code ref} by the responder. */
    private void check(IncomingResponse response, String ref) {
        if (response.error() != null) {
            if (programs.errors.incrementAndGet() <= 3) {
                PeerLoad.LOG.log(
                        "client %d: error response to %s: %d %s",
                        index, ref, response.error().code(), response.error().message());
            }
        } else if (!responder.equals(response.source())
                || !response.data().equals(Base64Data.encode(PeerLoad.payload(ref, programs.payloadSize)))) {
            if (programs.mismatched.incrementAndGet() <= 3) {
                PeerLoad.LOG.log(
                        "client %d: the response to %s is not its echo (src %s, %d bytes of data)",
                        index, ref, response.source(), response.data().length());
            }
        }
    }
}
