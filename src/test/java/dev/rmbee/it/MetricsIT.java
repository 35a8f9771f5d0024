package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.Await;
import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.MetricsScrape;
import dev.rmbee.testing.OfficialTwin;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of the running relays: the reference relay's families under its names, the
 * relay's own, the JVM's, and counters that move as twins (TwinSocket and the official client)
 * send through relay 1 (Redis mode) and from relay 1 to relay 2 (embedded mode). The counters are
 * shared with whatever else ran on the servers, so each test compares a scrape before with one
 * after and asks for at least its own traffic.
 */
class MetricsIT extends RelayDeployment {

    private static final String APP = "mp_scope=application";

    private MetricsScrape relay1() throws Exception {
        return MetricsScrape.of(domain());
    }

    private static MetricsScrape relay2() throws Exception {
        return MetricsScrape.of(EmbeddedRelayServer.domain());
    }

    private static SessionKey session(int twin, String role) {
        return new SessionKey(twin, "metrics-" + role + "-" + Uids.next());
    }

    private static Envelope request(SessionKey from, SessionKey to, String payload) {
        return TestEnvelopes.request(from, to, "metrics.echo")
                .payload(payload)
                .expiration(60)
                .signed();
    }

    /** Scrapes {@code relay} until {@code condition} holds of the scrape, which it returns. */
    private static MetricsScrape awaitScrape(String what, Scraper relay, Predicate<MetricsScrape> condition) {
        return Await.value(what, () -> {
            MetricsScrape scrape = relay.scrape();
            return condition.test(scrape) ? Optional.of(scrape) : Optional.empty();
        });
    }

    private interface Scraper {
        MetricsScrape scrape() throws Exception;
    }

    private static double grown(MetricsScrape before, MetricsScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static String queueFigures(MetricsScrape scrape) {
        return List.of("relay_queue_messages", "relay_queue_bytes", "relay_queue_sessions", "relay_queue_complete")
                .stream()
                .map(name -> name + "=" + scrape.family(name))
                .toList()
                .toString();
    }

    @Test
    void theReferenceFamiliesTheRelaysOwnAndTheJvmsAreServed() throws Exception {
        MetricsScrape scrape = relay1();

        for (String family : List.of(
                "relay_message_rx",
                "relay_message_tx",
                "relay_message_rx_bytes",
                "relay_message_tx_bytes",
                "relay_sessions",
                "relay_queue_messages",
                "relay_queue_bytes",
                "relay_rate_limited_total",
                "federation_queue_messages")) {
            scrape.value(family, APP);
        }
        scrape.value("relay_session_evictions_total", APP, "reason=closed");
        scrape.value("relay_error_envelopes_total", APP, "reason=unknown_twin");
        scrape.value("federation_given_up_total", APP, "reason=federation_expired");
        for (String jvm : List.of("jvm_uptime_seconds", "memory_usedHeap_bytes", "thread_count", "gc_total")) {
            assertTrue(!scrape.family(jvm).isEmpty(), jvm + " (base scope)");
        }
        scrape.value("cpu_processCpuTime_seconds", "mp_scope=base");
        assertEquals(List.of(), scrape.family("rmb_cache_entries"), "no chain on relay 1: no twin cache");
    }

    @Test
    void libertyTimesNoRequestByDefaultAndKeepsItsThreadPoolGauges() throws Exception {
        relay2(); // a request the next scrape would time with Liberty's HTTP monitoring on
        MetricsScrape scrape = relay2();

        assertTrue(
                !scrape.text().contains("http_server_request_duration"),
                "monitor.filter (ThreadPool) leaves out Liberty's HTTP request durations");
        assertTrue(!scrape.text().contains("servlet_request_total"), "and its servlet statistics");
        assertTrue(scrape.text().contains("threadpool_activeThreads"), "the thread pool's gauges stay");
    }

    @Test
    void aRelayOnTfchainServesTheCacheAndListenerFamilies() throws Exception {
        MetricsScrape chainRelay = MetricsScrape.of("127.0.0.1:" + Integer.getInteger("it.chain.port", 9185));

        for (String family : List.of(
                "rmb_cache_hits_total",
                "rmb_cache_misses_total",
                "rmb_cache_entries",
                "events_listener_reconnecting",
                "events_listener_reconnect_cycles_total",
                "events_listener_last_processed_block_number",
                "events_listener_twin_stored_total",
                "events_listener_twin_updated_total")) {
            chainRelay.value(family, APP);
        }
        chainRelay.value("events_listener_errors_total", APP, "stage=decode");
    }

    @Test
    void thePeersLinksAreUp() {
        // relay 1 is also a peer gateway linked to both relays (arquillian.xml)
        MetricsScrape scrape =
                awaitScrape("both peer links up", this::relay1, s -> s.value("rmb_peer_links_up", APP) == 2);

        assertEquals(2, scrape.value("rmb_peer_links", APP));
        assertEquals(1, scrape.value("rmb_peer_link_up", APP, "relay=ws://127.0.0.1:" + base.getPort() + "/"));
        scrape.value("rmb_peer_in_flight", APP, "source=relay");
    }

    @Test
    void envelopesBetweenTwinsMoveRxTxAndTheSessionsGauge() throws Exception {
        SessionKey alice = session(1, "sender");
        SessionKey bob = session(2, "receiver");
        MetricsScrape before = relay1();
        Envelope request = request(alice, bob, "counted");
        int size = request.toByteArray().length;
        try (TwinSocket a = TwinSocket.connectAs(relay(), alice);
                TwinSocket b = TwinSocket.connectAs(relay(), bob)) {
            assertTrue(relay1().value("relay_sessions", APP) >= 2, "both sessions connected here");
            a.send(request);
            assertEquals(request, b.nextEnvelope("alice's request at bob"));

            // a delivery counts once confirmed: by bob's pong to the ping written after it; with Redis
            // the store counts when its batch's answer is handled, which may come after the delivery
            MetricsScrape after = awaitScrape(
                    "the store and the delivery to bob counted",
                    this::relay1,
                    s -> grown(before, s, "relay_message_tx_bytes", APP) >= size
                            && grown(before, s, "relay_message_rx_bytes", APP) >= size);
            assertTrue(grown(before, after, "relay_message_rx", APP) >= 1);
            assertTrue(grown(before, after, "relay_message_tx", APP) >= 1);
        }
        awaitScrape(
                "both sessions counted as closed by their twins",
                this::relay1,
                s -> grown(before, s, "relay_session_evictions_total", APP, "reason=closed") >= 2);
    }

    @Test
    void anOfficialClientsCallIsCountedBothWays() throws Exception {
        OfficialTwin.ensureInstalled();
        URI relay = URI.create("ws://" + base.getHost() + ":" + base.getPort());
        MetricsScrape before = relay1();
        try (OfficialTwin dave = OfficialTwin.serve("dave", relay, null);
                OfficialTwin eve = OfficialTwin.call("eve", relay, "metrics-official", 4, "rmbee.echo", "\"hi\"")) {
            eve.result();
            assertTrue(dave.log().stream().anyMatch(line -> line.contains("rmbee.echo from 5")), dave.describe());
        }

        // the request to dave and his response to eve, each stored and delivered
        MetricsScrape after = awaitScrape(
                "the request and the response delivered",
                this::relay1,
                s -> grown(before, s, "relay_message_tx", APP) >= 2);
        assertTrue(grown(before, after, "relay_message_rx", APP) >= 2);
    }

    @Test
    void aRefusedRequestAndATextFrameAreCountedByReason() throws Exception {
        SessionKey alice = session(1, "refused");
        MetricsScrape before = relay1();
        try (TwinSocket a = TwinSocket.connectAs(relay(), alice)) {
            a.send(request(alice, SessionKey.of(424242), "to nobody"));
            assertEquals(
                    "unknown twin destination",
                    a.nextEnvelope("the error envelope").getError().getMessage());
            a.sendText("not an envelope");
            assertEquals(1003, a.awaitClose());
        }

        MetricsScrape after = awaitScrape(
                "the text frame's eviction counted",
                this::relay1,
                s -> grown(before, s, "relay_session_evictions_total", APP, "reason=text_frame") >= 1);
        assertTrue(grown(before, after, "relay_error_envelopes_total", APP, "reason=unknown_twin") >= 1);
    }

    @Test
    void federationIsCountedOnBothRelays() throws Exception {
        SessionKey frank = new SessionKey(6, "metrics-frank-" + Uids.next());
        SessionKey grace = new SessionKey(7, "metrics-grace-" + Uids.next());
        String relay2 = "relay=" + EmbeddedRelayServer.domain();
        MetricsScrape before1 = relay1();
        MetricsScrape before2 = relay2();
        try (TwinSocket f = TwinSocket.connectAs(relay(), frank);
                TwinSocket g = TwinSocket.connectAs(EmbeddedRelayServer.webSocket(), grace)) {
            Envelope request = request(frank, grace, "across relays");
            f.send(request);
            assertEquals(request, g.nextEnvelope("frank's request at grace, on relay 2"));
        }

        // relay 2's 202 may reach relay 1 after grace got the envelope, and a relay's series are
        // registered one after another, so a scrape can see its success before its POST figures
        double success = before1.find("federation_message_success", APP, relay2).orElse(0);
        awaitScrape(
                "relay 2's success and POST figures counted on relay 1",
                this::relay1,
                s -> s.find("federation_message_success", APP, relay2).orElse(0) >= success + 1
                        && s.find("federation_posts_total", APP, relay2).orElse(0) >= 1
                        && s.find("federation_post_seconds_total", APP, relay2).orElse(0) > 0);
        MetricsScrape after2 = relay2();
        double accepted =
                before2.find("federation_inbound_total", APP, "status=202").orElse(0);
        assertTrue(after2.value("federation_inbound_total", APP, "status=202") >= accepted + 1);
        assertTrue(grown(before2, after2, "relay_message_rx", APP) >= 1);
    }

    @Test
    void aQueuedEnvelopeShowsInTheQueueFiguresUntilDelivered() throws Exception {
        // relay 2 keeps its queues in memory: each figure is exact when read, but a scrape reads them one
        // after another, so one scrape can see the envelope in one figure and not yet in the next
        SessionKey grace = new SessionKey(7, "metrics-sender-" + Uids.next());
        SessionKey offline = new SessionKey(7, "metrics-offline-" + Uids.next());
        MetricsScrape before = relay2();
        Envelope request = request(grace, offline, "wait for me");
        try (TwinSocket g = TwinSocket.connectAs(EmbeddedRelayServer.webSocket(), grace)) {
            g.send(request);
            int size = request.toByteArray().length;
            MetricsScrape queued = awaitScrape(
                    "the envelope queued in every figure",
                    MetricsIT::relay2,
                    s -> grown(before, s, "relay_queue_messages", APP) >= 1
                            && grown(before, s, "relay_queue_bytes", APP) >= size
                            && s.value("relay_queue_sessions", APP) >= 1);
            assertEquals(1, queued.value("relay_queue_complete", APP), "queued " + queueFigures(queued));

            try (TwinSocket o = TwinSocket.connectAs(EmbeddedRelayServer.webSocket(), offline)) {
                assertEquals(request, o.nextEnvelope("the queued request"));
                awaitScrape(
                        "the delivered envelope out of the queue figures",
                        MetricsIT::relay2,
                        s -> s.value("relay_queue_messages", APP) < queued.value("relay_queue_messages", APP));
            }
        }
    }
}
