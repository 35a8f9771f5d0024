package dev.rmbee.auth;

import dev.rmbee.identity.SignatureVerifier;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * Authenticates the JWT of a relay connection in the reference's order (auth.md §3): presence,
 * parsing, expiry, twin lookup, algorithm, then the signature against the twin's account key.
 */
public final class TokenVerifier {

    private final TwinRegistry registry;
    private final Clock clock;

    public TokenVerifier(TwinRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Verifies the raw query string of an upgrade request, taken verbatim as the token.
     *
     * @return the authenticated claims
     * @throws AuthenticationException with status 400 (no token), 401 (refused) or 503 (the registry cannot
     *     answer: the twin is not refused, it may try again)
     */
    public TokenClaims verify(String token) throws AuthenticationException {
        if (token == null || token.isEmpty()) {
            throw new AuthenticationException(400, "missing jwt");
        }
        RelayTokens.ParsedToken parsed = RelayTokens.parse(token);
        TokenClaims claims = parsed.claims();
        long now = clock.instant().getEpochSecond();
        if (Long.compareUnsigned(now, claims.expiresAt()) > 0) {
            throw new AuthenticationException(401, "invalid jwt: jwt has expired");
        }
        Optional<Twin> twin;
        try {
            twin = registry.find(claims.twin());
        } catch (RegistryException e) {
            throw new AuthenticationException(503, "twin registry unavailable: " + e.getMessage(), e);
        }
        if (twin.isEmpty()) {
            throw new AuthenticationException(401, "twin not found " + Integer.toUnsignedString(claims.twin()));
        }
        if (!RelayTokens.ALGORITHM.equals(parsed.algorithm())) {
            throw RelayTokens.malformed("Expected algorithm type " + parsed.algorithm() + " but found RS512");
        }
        byte[] signedText = parsed.signedText().getBytes(StandardCharsets.US_ASCII);
        if (!SignatureVerifier.isValid(twin.get().account(), signedText, parsed.signature())) {
            throw RelayTokens.malformed("Invalid signature");
        }
        return claims;
    }
}
