package dev.rmbee.admin;

import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Paths;

/**
 * Leaves the admin API out of {@code /openapi} while it is disabled (no usable {@code
 * rmb.admin.password}), as every {@code /admin} request then answers like an unknown path. Named by
 * {@code mp.openapi.filter} in the WAR's {@code META-INF/microprofile-config.properties}.
 */
public class AdminOpenApiFilter implements OASFilter {

    /** The document's tags of the admin API's operations. */
    static final List<String> ADMIN_TAGS = List.of("twins", "sessions", "queues", "operation");

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        Optional<String> user = ConfigProvider.getConfig().getOptionalValue("rmb.admin.user", String.class);
        Optional<String> password = ConfigProvider.getConfig().getOptionalValue("rmb.admin.password", String.class);
        if (!isEnabled(user.orElse("admin"), password)) {
            removeAdmin(openApi);
        }
    }

    /** The same rule as {@link AdminSettings}: a password that is not blank, a user without {@code :}. */
    static boolean isEnabled(String user, Optional<String> password) {
        return password.filter(value -> !value.isBlank()).isPresent() && user.indexOf(':') < 0;
    }

    static void removeAdmin(OpenAPI openApi) {
        Paths paths = openApi.getPaths();
        if (paths != null && paths.getPathItems() != null) {
            List.copyOf(paths.getPathItems().keySet()).stream()
                    .filter(path -> path.equals("/admin") || path.startsWith("/admin/"))
                    .forEach(paths::removePathItem);
        }
        if (openApi.getTags() != null) {
            List.copyOf(openApi.getTags()).stream()
                    .filter(tag -> ADMIN_TAGS.contains(tag.getName()))
                    .forEach(openApi::removeTag);
        }
    }
}
