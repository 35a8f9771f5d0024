package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisabledAdminFilterTest {

    /** Decoded segments as JAX-RS gives them: "/admin/twins" is ["admin", "twins"], "//admin" is ["", "admin"]. */
    private static List<PathSegment> segments(String... paths) {
        return Arrays.stream(paths).map(DisabledAdminFilterTest::segment).toList();
    }

    private static PathSegment segment(String path) {
        return new PathSegment() {
            @Override
            public String getPath() {
                return path;
            }

            @Override
            public MultivaluedMap<String, String> getMatrixParameters() {
                return new MultivaluedHashMap<>();
            }
        };
    }

    @Test
    void everythingUnderAdminIsTheAdminApi() {
        assertTrue(DisabledAdminFilter.isAdminPath(segments("admin")));
        assertTrue(DisabledAdminFilter.isAdminPath(segments("admin", "twins")));
        assertTrue(DisabledAdminFilter.isAdminPath(segments("admin", "twins", "42")));
        assertTrue(DisabledAdminFilter.isAdminPath(segments("", "admin", "twins")));
        assertTrue(DisabledAdminFilter.isAdminPath(segments("admin", "")));
    }

    @Test
    void otherPathsAreNot() {
        assertFalse(DisabledAdminFilter.isAdminPath(segments("")));
        assertFalse(DisabledAdminFilter.isAdminPath(segments()));
        assertFalse(DisabledAdminFilter.isAdminPath(segments("administrator")));
        assertFalse(DisabledAdminFilter.isAdminPath(segments("twins", "admin")));
    }
}
