package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The admin API is in /openapi exactly when it is enabled (AdminSettings' rule). */
class AdminOpenApiFilterTest {

    @Test
    void theAdminApiIsDescribedOnlyWithAUsablePassword() {
        assertTrue(AdminOpenApiFilter.isEnabled("admin", Optional.of("secret")));
        assertFalse(AdminOpenApiFilter.isEnabled("admin", Optional.empty()));
        assertFalse(AdminOpenApiFilter.isEnabled("admin", Optional.of("  ")));
        assertFalse(AdminOpenApiFilter.isEnabled("ad:min", Optional.of("secret")), "a user HTTP Basic cannot carry");
    }
}
