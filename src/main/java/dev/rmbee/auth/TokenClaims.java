package dev.rmbee.auth;

import dev.rmbee.wire.SessionKey;

/**
 * The claims of a relay JWT.
 *
 * @param twin {@code sub}: the connecting twin (unsigned 32-bit)
 * @param sid the session id; {@code null} when absent or JSON null (the sid-less session)
 * @param issuedAt {@code iat}, Unix seconds (unsigned; not checked by relays)
 * @param expiresAt {@code exp}, Unix seconds (unsigned)
 */
public record TokenClaims(int twin, String sid, long issuedAt, long expiresAt) {

    public SessionKey session() {
        return new SessionKey(twin, sid);
    }
}
