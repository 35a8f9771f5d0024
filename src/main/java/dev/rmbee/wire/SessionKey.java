package dev.rmbee.wire;

import dev.rmbee.wire.proto.Types.Address;
import java.util.Comparator;
import java.util.Objects;

/**
 * A twin session, written {@code "<twin>"} or {@code "<twin>:<sid>"}: the identity of one relay
 * connection and the string form of a protobuf {@link Address}. A present empty session id
 * ({@code "7:"}) is a different session from an absent one ({@code "7"}).
 *
 * @param twin the twin id, an unsigned 32-bit value
 * @param sid the session id (the Address {@code connection}), {@code null} when absent
 */
public record SessionKey(int twin, String sid) {

    /** By twin id (unsigned), then session id, the absent one first (the reference's order, relay.md §4.2). */
    public static final Comparator<SessionKey> ORDER = Comparator.comparingLong(
                    (SessionKey key) -> Integer.toUnsignedLong(key.twin()))
            .thenComparing(SessionKey::sid, Comparator.nullsFirst(Comparator.naturalOrder()));

    public static SessionKey of(int twin) {
        return new SessionKey(twin, null);
    }

    /** The session an Address names; presence of {@code connection} is preserved. */
    public static SessionKey of(Address address) {
        return new SessionKey(address.getTwin(), address.hasConnection() ? address.getConnection() : null);
    }

    /**
     * Parses {@code "<twin>"} or {@code "<twin>:<sid>"}, splitting at the first colon; the session id
     * may be empty and may contain further colons.
     */
    public static SessionKey parse(String text) {
        int colon = text.indexOf(':');
        String twinText = colon < 0 ? text : text.substring(0, colon);
        int twin;
        try {
            twin = Integer.parseUnsignedInt(twinText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid address twin id is not number");
        }
        return new SessionKey(twin, colon < 0 ? null : text.substring(colon + 1));
    }

    public boolean hasSid() {
        return sid != null;
    }

    public Address toAddress() {
        Address.Builder builder = Address.newBuilder().setTwin(twin);
        if (sid != null) {
            builder.setConnection(sid);
        }
        return builder.build();
    }

    /** True when {@code address} names exactly this session (twin and presence-aware connection). */
    public boolean matches(Address address) {
        return address.getTwin() == twin
                && address.hasConnection() == (sid != null)
                && (sid == null || sid.equals(address.getConnection()));
    }

    @Override
    public String toString() {
        String id = Integer.toUnsignedString(twin);
        return sid == null ? id : id + ":" + sid;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionKey key && key.twin == twin && Objects.equals(key.sid, sid);
    }

    @Override
    public int hashCode() {
        return 31 * twin + Objects.hashCode(sid);
    }
}
