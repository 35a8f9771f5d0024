package dev.rmbee.peer;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.async.AsyncResults;
import dev.rmbee.peer.api.MalformedMessageException;
import dev.rmbee.peer.api.OutgoingRequest;
import dev.rmbee.peer.api.OutgoingResponse;
import dev.rmbee.peer.bus.FinishedItem;
import dev.rmbee.peer.bus.LocalBus;
import dev.rmbee.peer.bus.LocalItem;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.peer.link.RelayTransport;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.PeerTypes.Backlog;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The peer gateway (the reference's rmb-peer, peer.md): one twin's signing, verification and
 * encryption on behalf of local programs that speak JSON over Redis lists.
 *
 * <ul>
 *   <li>{@link #start()} drains {@code msgbus.system.local} (requests → envelopes, one per
 *       destination) and {@code msgbus.system.reply} (responses → envelopes) and sends them
 *       through the {@link RelayTransport};</li>
 *   <li>the relay connections hand every received frame to {@link #onEnvelope(byte[])}: verified
 *       requests go to {@code msgbus.<cmd>} (or the built-in {@code rmb.version}), responses to
 *       the {@code ret} list of the client that asked.</li>
 * </ul>
 *
 * Crashes lose nothing and repeat nothing (docs/architecture.md): an item taken from a system list
 * stays in the gateway's taken list until it was sent, and a start first puts back what a crashed
 * run left there; {@link #onEnvelope} completes only once the envelope is in Redis, so the relay
 * link confirms nothing earlier; and a message a relay delivers again is pushed once
 * ({@link RecentMessages}, {@link LocalBus#pushOnce}).
 *
 * All work runs on the given executor (in the container a managed one); messages of one sender
 * take effect in order, up to {@link PeerSettings#maxInFlight()} messages per direction are
 * processed at once. Bad input never stops anything: it is answered where the protocol allows and
 * logged.
 */
public final class PeerGateway {

    private static final Logger LOG = Logger.getLogger(PeerGateway.class.getName());

    private final PeerIdentity identity;
    private final OutgoingTraffic outgoing;
    private final IncomingTraffic incoming;
    private final KeyedSequencer sequencer;
    private final InFlightLimit localLimit;
    private final InFlightLimit remoteLimit;
    private final LocalBus bus;
    private final List<LocalQueueDrain> drains;
    private final int maxInFlight;
    private final AtomicInteger localItems = new AtomicInteger();
    private volatile boolean stopped;

    /**
     * @param identity this peer's twin and keys (see {@link PeerIdentity#resolve})
     * @param registry where twins are looked up (senders' accounts and keys, destinations' keys);
     *     in the server the one {@code LocalTwinRegistry} of the application, which the admin API edits
     * @param transport the relay connections
     * @param bus the local API (a {@code RedisLocalBus})
     * @param executor runs all processing and the drain loop's pauses; a managed scheduled executor in the container
     * @param clock the time envelopes are stamped and checked with
     * @param settings limits, timeouts and the {@code rmb.version} answer
     */
    public PeerGateway(
            PeerIdentity identity,
            TwinRegistry registry,
            RelayTransport transport,
            LocalBus bus,
            ScheduledExecutorService executor,
            Clock clock,
            PeerSettings settings) {
        this.identity = Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        EnvelopeWriter writer = new EnvelopeWriter(identity, registry, transport, clock);
        this.bus = bus;
        Backlogs backlogs = new Backlogs(settings.rememberedMessages(), clock);
        this.outgoing = new OutgoingTraffic(bus, backlogs, writer, clock);
        FinishBatches finishes = new FinishBatches(bus::finish, executor, FinishBatches.LINGER);
        this.incoming = new IncomingTraffic(
                new EnvelopeVerifier(registry, identity.e2eKey(), clock),
                writer,
                bus,
                finishes,
                backlogs,
                new RecentMessages(settings.rememberedMessages(), clock),
                settings.version());
        this.sequencer = new KeyedSequencer(executor);
        this.maxInFlight = settings.maxInFlight();
        this.localLimit = new InFlightLimit(settings.maxInFlight());
        this.remoteLimit = new InFlightLimit(settings.maxInFlight());
        this.drains = Stream.of(LocalKeys.SYSTEM_LOCAL, LocalKeys.SYSTEM_REPLY)
                .map(list -> new LocalQueueDrain(
                        bus,
                        finishes,
                        list,
                        executor,
                        localLimit,
                        this::counted,
                        settings.popTimeout(),
                        settings.retryDelay()))
                .toList();
    }

    public PeerIdentity identity() {
        return identity;
    }

    /**
     * Messages being processed now, for operators.
     *
     * @param local items of the system lists on their way to the relays
     * @param remote envelopes from the relays on their way to the local lists
     * @param max the bound of each ({@link PeerSettings#maxInFlight()})
     */
    public record InFlight(int local, int remote, int max) {}

    /**
     * The messages being processed now in each direction (a pop of the system lists waiting in
     * Redis holds a permit of the local bound, but is no message).
     */
    public InFlight inFlight() {
        return new InFlight(localItems.get(), remoteLimit.inUse(), maxInFlight);
    }

    /**
     * Starts draining the local system lists, after putting back what an earlier run took and did
     * not finish (a Redis failure there is logged: those items wait for the next start). A gateway
     * starts once; after {@link #stop} build a new one.
     */
    public void start() {
        CompletionStage<Long> requeued;
        try {
            requeued = bus.requeueTaken();
        } catch (RuntimeException e) {
            requeued = CompletableFuture.failedFuture(e);
        }
        requeued.whenComplete((moved, error) -> {
            if (error != null) {
                LOG.warning(() -> "peer: cannot put back the items an earlier run took (they wait for the next start): "
                        + AsyncResults.describe(AsyncResults.unwrap(error)));
            } else if (moved > 0) {
                LOG.info(() -> "peer: " + moved + " local items an earlier run had not finished are taken again");
            }
            drains.forEach(LocalQueueDrain::start);
        });
        LOG.info(() -> "peer: twin " + Integer.toUnsignedString(identity.twinId()) + " serves local programs on "
                + "msgbus.system.local and msgbus.system.reply");
    }

    /**
     * Stops: no more pops of the system lists (the pending one is still processed), received frames
     * are dropped from now on, and messages in progress get up to {@code wait} to finish.
     *
     * @return true when everything in progress finished in time
     */
    public boolean stop(Duration wait) {
        stopped = true;
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            CompletableFuture.allOf(drains.stream().map(LocalQueueDrain::stop).toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return localLimit.awaitIdle(Math.max(0, deadline - System.nanoTime()))
                    && remoteLimit.awaitIdle(Math.max(0, deadline - System.nanoTime()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * One frame a relay connection received. While {@link PeerSettings#maxInFlight()} received
     * envelopes are being processed it waits (back pressure on the connections). Never throws: an
     * unreadable frame is logged and dropped.
     *
     * @return completes once the envelope is taken care of — pushed to its local list, or its
     *     refusal sent, or dropped — which is when the relay link may confirm it (read on); never
     *     completes for a frame that arrives after {@link #stop}, so that it is not confirmed
     */
    public CompletionStage<Void> onEnvelope(byte[] frame) {
        if (stopped) {
            LOG.fine("peer: stopped, a received frame is dropped");
            return new CompletableFuture<>();
        }
        Envelope envelope;
        try {
            envelope = Envelope.parseFrom(frame);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            LOG.warning(() -> "peer: received invalid message: invalid message payload data: " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        try {
            remoteLimit.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warning(() -> "peer: interrupted, dropped " + IncomingTraffic.describe(envelope));
            return new CompletableFuture<>();
        }
        // in order per sender session: what one twin sends reaches local programs in that order;
        // verified on the link's thread, which waits for it anyway
        return sequencer
                .submitHere(SessionKey.of(envelope.getSource()), () -> incoming.handle(envelope))
                .whenComplete((done, error) -> remoteLimit.release());
    }

    /** {@link #local}, counted while in progress. */
    private CompletionStage<FinishedItem> counted(LocalItem item, boolean here) {
        localItems.incrementAndGet();
        CompletionStage<FinishedItem> finished;
        try {
            finished = local(item, here);
        } catch (RuntimeException e) {
            localItems.decrementAndGet();
            throw e;
        }
        return finished.whenComplete((done, error) -> localItems.decrementAndGet());
    }

    /**
     * One item of the system lists; the stage completes when it is finished, with its backlog if
     * any. With {@code here}, an item whose client (or requester) has nothing else in work is sent
     * on the calling thread.
     */
    private CompletionStage<FinishedItem> local(LocalItem item, boolean here) {
        if (item.isRequest()) {
            OutgoingRequest request;
            try {
                request = OutgoingRequest.parse(item.json());
            } catch (MalformedMessageException e) {
                LOG.warning(() -> "peer: malformed request in " + item.list() + " skipped: " + e.getMessage()
                        + (e.replyTo().isPresent()
                                ? " (reported to " + e.replyTo().get() + ")"
                                : "") + ": "
                        + preview(item.json()));
                CompletionStage<?> reported = e.replyTo().isPresent()
                        ? outgoing.report(
                                e.replyTo().get(),
                                e.reference().orElse(null),
                                PeerFailure.invalidRequest(e.getMessage()))
                        : CompletableFuture.completedFuture(null);
                return reported.thenApply(done -> FinishedItem.of(item));
            }
            // in order per client (its ret list): requests reach the relays as they were pushed
            AtomicReference<Backlog> backlog = new AtomicReference<>();
            return sequencer
                    .submit(new ClientKey(request.replyTo()), () -> outgoing.request(request, backlog::set), here)
                    .thenApply(done -> Optional.ofNullable(backlog.get())
                            .map(kept -> new FinishedItem(
                                    item, Optional.of(kept), Duration.ofSeconds(Math.max(1, kept.getTtl()))))
                            .orElseGet(() -> FinishedItem.of(item)));
        }
        OutgoingResponse response;
        try {
            response = OutgoingResponse.parse(item.json());
        } catch (MalformedMessageException e) {
            LOG.warning(() -> "peer: malformed response in " + item.list() + " skipped: " + e.getMessage() + ": "
                    + preview(item.json()));
            return CompletableFuture.completedFuture(FinishedItem.of(item));
        }
        return sequencer
                .submit(new RequesterKey(response.destination()), () -> outgoing.response(response), here)
                .thenApply(done -> FinishedItem.of(item));
    }

    /** What is shown of a malformed message: its size, never its content (it may carry a payload). */
    private static String preview(byte[] json) {
        return json.length + " bytes";
    }

    /** Orders the requests of one local client. */
    private record ClientKey(String replyTo) {}

    /** Orders the responses to one remote session. */
    private record RequesterKey(String destination) {}
}
