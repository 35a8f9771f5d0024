package dev.rmbee.peer.link;

import dev.rmbee.auth.RelayTokens;
import dev.rmbee.identity.Signer;
import java.time.Clock;
import java.time.Duration;

/**
 * The token of each connect (auth.md §2, peer.md §3): made fresh every time, {@code sub} = the
 * peer's twin, no session id, issued now and valid for the TTL. The relay checks it only at the
 * handshake, so an open connection never needs a new one. Tokens are secrets: never logged.
 */
final class LinkTokens {

    private final int twin;
    private final Signer signer;
    private final Clock clock;
    private final long ttlSeconds;

    LinkTokens(int twin, Signer signer, Clock clock, Duration ttl) {
        this.twin = twin;
        this.signer = signer;
        this.clock = clock;
        this.ttlSeconds = ttl.toSeconds();
    }

    String fresh() {
        long now = clock.instant().getEpochSecond();
        return RelayTokens.create(signer, twin, null, now, now + ttlSeconds);
    }
}
