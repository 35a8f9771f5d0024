package dev.rmbee.peer.link;

import dev.rmbee.identity.Signer;
import dev.rmbee.retry.Backoff;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * A peer gateway's connections to its relays (peer.md §3): one {@link RelayLink} per configured
 * relay (1 to {@value #MAX_RELAYS}), all as the peer's twin without a session id, and the
 * {@link RelayTransport} over them. Every inbound envelope of every link goes to one consumer,
 * except the relays' Pongs to the links' own keep-alive Pings.
 *
 * <p>Threads: socket events, writes and timers run on the given executor and scheduler (managed
 * ones in the container); the JDK HTTP client gets the executor. The consumer is called on the
 * executor, one message at a time per link: until the stage it returns completes, that link reads
 * nothing more — no envelope, and no WebSocket Ping, so the relay's pong confirmation of an
 * envelope waits until the consumer took care of it (which is also how a slow consumer slows the
 * relay down).
 *
 * <p>{@link #start} connects; {@link #close} stops everything and fails what was not written.
 */
public final class RelayLinks implements RelayTransport, AutoCloseable {

    public static final int MAX_RELAYS = 4;

    private final List<RelayLink> links;
    private final SendDispatcher dispatcher;

    /**
     * @param relayUrls the relays, {@code ws://} or {@code wss://}, 1 to 4 different ones
     * @param twin the peer's twin id
     * @param signer the twin's key, which signs each connection's token
     * @param inbound receives every inbound envelope (the bytes of one whole binary message); its
     *     stage completes when the envelope is taken care of and the link may read on
     * @param executor runs socket events and writes
     * @param scheduler runs keep-alive checks, reconnect delays and send deadlines
     * @param clock the time of tokens, pings and deadlines
     * @throws IllegalArgumentException for a bad, duplicate or missing relay URL, or too many
     */
    public RelayLinks(
            List<String> relayUrls,
            int twin,
            Signer signer,
            Function<byte[], ? extends CompletionStage<?>> inbound,
            Executor executor,
            ScheduledExecutorService scheduler,
            Clock clock,
            RelayLinkSettings settings) {
        this(
                relayUrls,
                twin,
                signer,
                inbound,
                executor,
                scheduler,
                clock,
                settings,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    RelayLinks(
            List<String> relayUrls,
            int twin,
            Signer signer,
            Function<byte[], ? extends CompletionStage<?>> inbound,
            Executor executor,
            ScheduledExecutorService scheduler,
            Clock clock,
            RelayLinkSettings settings,
            DoubleSupplier random) {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(inbound, "inbound");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        List<RelayUrl> urls = parse(relayUrls);
        HttpClient http = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(settings.connectTimeout())
                .build();
        LinkTokens tokens = new LinkTokens(twin, signer, clock, settings.tokenTtl());
        Backoff backoff = new Backoff("reconnect backoff", settings.backoffInitial(), settings.backoffMax());
        List<RelayLink> created = new ArrayList<>();
        for (RelayUrl url : urls) {
            created.add(new RelayLink(
                    url, twin, tokens, http, executor, scheduler, clock, settings, inbound, backoff.series(random)));
        }
        this.links = List.copyOf(created);
        this.dispatcher =
                new SendDispatcher(links, clock, scheduler, settings.maxPending(), settings.maxPendingBytes());
        links.forEach(link -> link.attach(dispatcher));
    }

    /** Checks the configured relay URLs: 1 to 4, each valid, no relay twice. */
    static List<RelayUrl> parse(List<String> relayUrls) {
        if (relayUrls == null || relayUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one relay URL is required");
        }
        if (relayUrls.size() > MAX_RELAYS) {
            throw new IllegalArgumentException(
                    "the number of relays should not exceed " + MAX_RELAYS + " (got " + relayUrls.size() + ")");
        }
        List<RelayUrl> urls = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String text : relayUrls) {
            RelayUrl url = RelayUrl.parse(text);
            // two connections of one session to one relay would keep replacing each other
            if (!seen.add(url.identity())) {
                throw new IllegalArgumentException("relay URL '" + url + "' is listed twice");
            }
            urls.add(url);
        }
        return urls;
    }

    /** Starts connecting every link; later calls do nothing. */
    public void start() {
        links.forEach(RelayLink::start);
    }

    @Override
    public CompletableFuture<Void> send(byte[] envelope, Instant deadline) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(deadline, "deadline");
        return dispatcher.submit(envelope, deadline);
    }

    /** Each link's state, in the configured order. */
    public List<LinkStatus> status() {
        return links.stream().map(RelayLink::status).toList();
    }

    /** True when at least one link is connected. */
    public boolean anyConnected() {
        return links.stream().anyMatch(link -> link.status().connected());
    }

    /** Closes every connection and stops all timers; envelopes not yet written fail. */
    @Override
    public void close() {
        // the links first: once each is marked closed nothing reconnects, even if failing the
        // waiting sends goes wrong (at an application's undeployment its classes may be gone)
        links.forEach(RelayLink::close);
        dispatcher.close();
    }
}
