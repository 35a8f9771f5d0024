package dev.rmbee.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * One check's answer as it is put together: UP until a part is found down, its data in the order
 * added. What is down is named by a data entry whose value says why.
 */
final class HealthReport {

    private final String name;
    private final Map<String, Object> data = new LinkedHashMap<>();
    private boolean up = true;

    private HealthReport(String name) {
        this.name = name;
    }

    static HealthReport named(String name) {
        return new HealthReport(name);
    }

    HealthReport with(String key, String value) {
        data.put(key, value);
        return this;
    }

    HealthReport with(String key, long value) {
        data.put(key, value);
        return this;
    }

    /** The check is DOWN: {@code what} is down, {@code why} says how. */
    HealthReport down(String what, String why) {
        up = false;
        data.put(what, why);
        return this;
    }

    HealthCheckResponse build() {
        return new HealthCheckResponse(
                name,
                up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                data.isEmpty()
                        ? Optional.empty()
                        : Optional.of(Collections.unmodifiableMap(new LinkedHashMap<>(data))));
    }
}
