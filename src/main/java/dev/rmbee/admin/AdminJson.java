package dev.rmbee.admin;

import dev.rmbee.wire.SessionKey;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The JSON pieces the admin API's answers share. */
final class AdminJson {

    private AdminJson() {}

    /**
     * A session: {@code "session":"7:abc","twin":7,"sid":"abc"|null,"path":"7/abc"}, where
     * {@code path} is how the API's URLs name it ({@code /admin/sessions/7/abc}).
     */
    static JsonObjectBuilder session(SessionKey session) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("session", session.toString())
                .add("twin", Integer.toUnsignedLong(session.twin()));
        addOrNull(json, "sid", Optional.ofNullable(session.sid()));
        return json.add("path", Integer.toUnsignedString(session.twin()) + "/" + AdminInput.sidSegment(session));
    }

    /** {@code "name":"value"} or {@code "name":null}. */
    static JsonObjectBuilder addOrNull(JsonObjectBuilder json, String name, Optional<String> value) {
        return value.isPresent() ? json.add(name, value.get()) : json.addNull(name);
    }

    /** Whole seconds from {@code then} to {@code now}, never negative (clocks may differ a little). */
    static long ageSeconds(Instant then, Instant now) {
        return Math.max(0, Duration.between(then, now).toSeconds());
    }
}
