package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.testing.MutableClock;
import dev.rmbee.wire.SessionKey;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The session queues as operators see them (depth, oldest age), and purging one. */
class QueuesAdminTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final EmbeddedSessionQueues queues = new EmbeddedSessionQueues(clock);
    private final QueuesAdmin admin = new QueuesAdmin(queues, clock);

    private static <T> T result(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void append(String session, int count) {
        for (int i = 0; i < count; i++) {
            queues.append(SessionKey.parse(session), new byte[] {(byte) i});
        }
    }

    @Test
    void eachQueueShowsItsDepthAndHowOldItsOldestMessageIs() throws Exception {
        append("7:a", 2);
        clock.advance(Duration.ofSeconds(90));
        append("7:a", 1);
        append("8", 1);

        JsonObject listing = result(admin.list(OptionalInt.empty(), 10));

        assertEquals(
                Json.createObjectBuilder()
                        .add("session", "7:a")
                        .add("twin", 7)
                        .add("sid", "a")
                        .add("path", "7/a")
                        .add("messages", 3)
                        .add("oldest", "2026-01-01T00:00:00Z")
                        .add("oldestAgeSeconds", 90)
                        .build(),
                listing.getJsonArray("queues").getJsonObject(0));
        assertEquals(2, listing.getInt("count"));
        assertEquals(false, listing.getBoolean("truncated"));

        JsonObject empty = result(admin.one(SessionKey.parse("9:none")));
        assertEquals(0, empty.getInt("messages"));
        assertTrue(empty.isNull("oldest") && empty.isNull("oldestAgeSeconds"));
    }

    @Test
    void theListingIsBoundedAndMaySelectOneTwin() throws Exception {
        append("7", 1);
        append("7:a", 1);
        append("70", 1);

        JsonObject limited = result(admin.list(OptionalInt.empty(), 2));
        JsonObject twin = result(admin.list(OptionalInt.of(7), 10));

        assertEquals(2, limited.getInt("count"));
        assertEquals(true, limited.getBoolean("truncated"));
        assertEquals(
                List.of("7", "7:a"),
                twin.getJsonArray("queues").getValuesAs(JsonObject.class).stream()
                        .map(queue -> queue.getString("session"))
                        .toList());
        assertEquals(false, twin.getBoolean("truncated"));
    }

    @Test
    void aPurgeSaysHowManyMessagesWentAndAnEmptyQueueIs404() throws Exception {
        append("7", 3);

        JsonObject purged = result(admin.purge(SessionKey.of(7)));

        assertEquals(3, purged.getInt("purged"));
        assertEquals("7/-", purged.getString("path"));
        assertEquals(0, queues.size(SessionKey.of(7)));
        ExecutionException again = assertThrows(ExecutionException.class, () -> result(admin.purge(SessionKey.of(7))));
        AdminException notFound = assertInstanceOf(AdminException.class, again.getCause());
        assertEquals(404, notFound.status());
        assertEquals("no messages queued for session 7", notFound.getMessage());
    }
}
