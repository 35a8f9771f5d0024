package dev.rmbee.wire;

import java.util.UUID;

/** Envelope ids: random UUIDv4 text (lowercase, hyphenated), as rmb-peer makes them. */
public final class Uids {

    private Uids() {}

    public static String next() {
        return UUID.randomUUID().toString();
    }
}
