package dev.rmbee.registry.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rmbee.registry.Twin;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The values of the shared hash and its announcements, as the write script assembles them. */
class SharedEditTest {

    private static final String ACCOUNT = "0x" + "ab".repeat(32);

    /** What the script makes of a tail: {@code {"id":…,"rev":…,} + tail}. */
    private static String value(int id, long revision, String tail) {
        return "{\"id\":" + Integer.toUnsignedString(id) + ",\"rev\":" + revision + "," + tail;
    }

    @Test
    void eachKindReadsBackWhatWasWritten() {
        byte[] account = new byte[32];
        account[0] = 1;
        Twin twin = new Twin(-2, account, Set.of("relay.example", "other.example:443"), null);

        SharedEdit put = SharedEdit.parse(value(-2, 1764800000000001L, SharedEdit.putTail(twin)));
        assertEquals(new SharedEdit(-2, 1764800000000001L, SharedEdit.Kind.PUT, twin), put);
        assertEquals(
                new SharedEdit(7, 8, SharedEdit.Kind.DELETED, null),
                SharedEdit.parse(value(7, 8, SharedEdit.DELETED_TAIL)));
        assertEquals(SharedEdit.cleared(7, 9), SharedEdit.parse(value(7, 9, SharedEdit.CLEARED_TAIL)));
    }

    @Test
    void aValueThatIsNoChangeIsRefusedSayingWhy() {
        for (String bad : new String[] {
            "",
            "[]",
            "{\"id\":0,\"rev\":1,\"deleted\":true}",
            "{\"id\":7,\"deleted\":true}",
            "{\"id\":7,\"rev\":1}",
            "{\"id\":7,\"rev\":1,\"deleted\":false}",
            "{\"id\":7,\"rev\":1,\"twin\":{\"id\":8,\"account\":\"" + ACCOUNT + "\",\"relays\":[],\"pk\":null}}",
            "{\"id\":7,\"rev\":1,\"twin\":{\"id\":7,\"account\":\"0x00\"}}"
        }) {
            assertThrows(IllegalArgumentException.class, () -> SharedEdit.parse(bad), bad);
        }
    }
}
