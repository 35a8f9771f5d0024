package dev.rmbee.web.metrics;

import dev.rmbee.peer.PeerGateway;
import dev.rmbee.peer.link.LinkStatus;
import dev.rmbee.web.PeerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.metrics.Tag;

/**
 * In peer mode: the peer gateway's relay links (configured, up, per relay) and the messages it is
 * processing. The relay label is the link's URL (1 to 4 of them, from {@code rmb.peer.relays}).
 */
@ApplicationScoped
public class PeerMetrics {

    @Inject
    Gauges gauges;

    @Inject
    PeerService peer;

    void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (peer.inFlight().isEmpty()) {
            return;
        }
        gauges.add(
                "rmb_peer_links",
                "relay links configured",
                () -> peer.linkStatus().size());
        gauges.add(
                "rmb_peer_links_up",
                "relay links connected now",
                () -> peer.linkStatus().stream().filter(LinkStatus::connected).count());
        for (LinkStatus link : peer.linkStatus()) {
            Tag relay = new Tag("relay", link.relay());
            gauges.flag(
                    "rmb_peer_link_up",
                    "1 while the link to this relay is connected",
                    () -> link(link.relay()).map(LinkStatus::connected).orElse(false),
                    relay);
            gauges.add(
                    "rmb_peer_link_connects_total",
                    "times the link to this relay connected",
                    () -> read(link.relay(), LinkStatus::connects),
                    relay);
            gauges.add(
                    "rmb_peer_link_queued",
                    "envelopes waiting in the link's outbox",
                    () -> read(link.relay(), status -> (long) status.queued()),
                    relay);
        }
        gauges.add(
                "rmb_peer_in_flight",
                "messages the peer is processing now, by where they came from",
                () -> peer.inFlight().map(PeerGateway.InFlight::local).orElse(0),
                new Tag("source", "local"));
        gauges.add(
                "rmb_peer_in_flight",
                "messages the peer is processing now, by where they came from",
                () -> peer.inFlight().map(PeerGateway.InFlight::remote).orElse(0),
                new Tag("source", "relay"));
    }

    private Optional<LinkStatus> link(String relay) {
        return peer.linkStatus().stream()
                .filter(status -> status.relay().equals(relay))
                .findFirst();
    }

    private long read(String relay, Function<LinkStatus, Long> figure) {
        return link(relay).map(figure).orElse(0L);
    }
}
