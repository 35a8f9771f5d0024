package dev.rmbee.peer.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rmbee.auth.RelayTokens;
import dev.rmbee.auth.TokenClaims;
import dev.rmbee.identity.SignatureVerifier;
import dev.rmbee.identity.Signer;
import dev.rmbee.testing.MutableClock;
import dev.rmbee.testing.TestTwins;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LinkTokensTest {

    @Test
    void eachTokenIsIssuedNowForTheTwinWithoutSessionAndSignedByItsKey() throws Exception {
        Signer signer = TestTwins.signer(1);
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_000L));
        LinkTokens tokens = new LinkTokens(1, signer, clock, Duration.ofSeconds(300));

        RelayTokens.ParsedToken first = RelayTokens.parse(tokens.fresh());
        assertEquals(new TokenClaims(1, null, 1_700_000_000L, 1_700_000_300L), first.claims());
        assertNull(first.claims().sid());
        assertEquals(RelayTokens.ALGORITHM, first.algorithm());
        SignatureVerifier.verify(
                signer.publicKey(), first.signedText().getBytes(StandardCharsets.US_ASCII), first.signature());

        clock.advance(Duration.ofMinutes(10)); // the first one has expired by now
        String again = tokens.fresh();
        TokenClaims second = RelayTokens.parse(again).claims();
        assertEquals(1_700_000_600L, second.issuedAt());
        assertEquals(1_700_000_900L, second.expiresAt());
        assertNotEquals(first.signedText(), RelayTokens.parse(again).signedText());
    }
}
