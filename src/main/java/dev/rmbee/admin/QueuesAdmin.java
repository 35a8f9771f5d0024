package dev.rmbee.admin;

import dev.rmbee.relay.QueueDepth;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.wire.SessionKey;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;

/**
 * {@code /admin/queues}: how much waits in the session queues (the whole relay's: in Redis every
 * instance's), and purging one. A listing shows at most {@code limit} queues.
 */
final class QueuesAdmin {

    private final SessionQueues queues;
    private final Clock clock;

    QueuesAdmin(SessionQueues queues, Clock clock) {
        this.queues = queues;
        this.clock = clock;
    }

    /** {@code {"count":n,"truncated":b,"queues":[…]}}: up to {@code limit} queues (all, or {@code twin}'s). */
    CompletionStage<JsonObject> list(OptionalInt twin, int limit) {
        return queues.inspectQueues(twin, limit + 1).thenApply(depths -> {
            List<QueueDepth> shown = depths.subList(0, Math.min(limit, depths.size()));
            Instant now = clock.instant();
            JsonArrayBuilder list = Json.createArrayBuilder();
            shown.forEach(depth -> list.add(queue(depth, now)));
            return Json.createObjectBuilder()
                    .add("count", shown.size())
                    .add("truncated", depths.size() > limit)
                    .add("queues", list)
                    .build();
        });
    }

    /** One session's queue (depth 0 when it has none). */
    CompletionStage<JsonObject> one(SessionKey session) {
        return queues.inspectQueue(session).thenApply(depth -> queue(depth, clock.instant()));
    }

    /**
     * Purges the session's queue: {@code {"session":…,"purged":n}}; a stage failed with an
     * {@link AdminException} 404 when it held nothing.
     */
    CompletionStage<JsonObject> purge(SessionKey session) {
        return queues.purgeQueue(session).thenApply(purged -> {
            if (purged == 0) {
                throw AdminException.notFound("no messages queued for session " + session);
            }
            return AdminJson.session(session).add("purged", purged).build();
        });
    }

    private static JsonObject queue(QueueDepth depth, Instant now) {
        JsonObjectBuilder json = AdminJson.session(depth.session()).add("messages", depth.messages());
        Optional<Instant> oldest = Optional.ofNullable(depth.oldest());
        AdminJson.addOrNull(json, "oldest", oldest.map(Instant::toString));
        oldest.ifPresentOrElse(
                time -> json.add("oldestAgeSeconds", AdminJson.ageSeconds(time, now)),
                () -> json.addNull("oldestAgeSeconds"));
        return json.build();
    }
}
