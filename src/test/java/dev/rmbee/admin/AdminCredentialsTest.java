package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AdminCredentialsTest {

    private final AdminCredentials credentials = new AdminCredentials("admin", "s3cret:with colon é");

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsTheConfiguredPair() {
        assertTrue(
                credentials.accepts(basic("admin:s3cret:with colon é")), "the password may contain ':' and non-ASCII");
        assertTrue(
                credentials.accepts(
                        "basic " + basic("admin:s3cret:with colon é").substring(6)),
                "the scheme is case-insensitive");
    }

    @Test
    void refusesAnythingElse() {
        assertFalse(credentials.accepts(null));
        assertFalse(credentials.accepts(""));
        assertFalse(credentials.accepts("Basic"));
        assertFalse(credentials.accepts("Basic "));
        assertFalse(credentials.accepts(
                "Bearer " + basic("admin:s3cret:with colon é").substring(6)));
        assertFalse(credentials.accepts(
                "Basicx" + basic("admin:s3cret:with colon é").substring(6)));
        assertFalse(credentials.accepts("Basic !!!not-base64"));
        assertFalse(credentials.accepts(basic("admin")), "no colon");
        assertFalse(credentials.accepts(basic("admin:")));
        assertFalse(credentials.accepts(basic("admin:s3cret")));
        assertFalse(credentials.accepts(basic("admin:s3cret:with colon é ")));
        assertFalse(credentials.accepts(basic("Admin:s3cret:with colon é")));
        assertFalse(credentials.accepts(basic(":s3cret:with colon é")));
    }

    /** What the lockout counts: a wrong user and password pair is a guess; no pair at all is none. */
    @Test
    void tellsAWrongPairFromNoPair() {
        assertEquals(AdminCredentials.Result.ACCEPTED, credentials.check(basic("admin:s3cret:with colon é")));
        for (String wrong : new String[] {"admin:", "admin:s3cret", "root:s3cret:with colon é", ":"}) {
            assertEquals(AdminCredentials.Result.WRONG, credentials.check(basic(wrong)), wrong);
        }
        for (String none :
                new String[] {null, "", "Basic", "Basic ", "Bearer abc", "Basic !!!not-base64", basic("admin")}) {
            assertEquals(AdminCredentials.Result.NONE, credentials.check(none), none);
        }
    }

    @Test
    void neverShowsThePassword() {
        assertEquals("AdminCredentials{user=admin}", credentials.toString());
    }

    @Test
    void aUserNameWithAColonCannotBeUsedWithBasic() {
        assertThrows(IllegalArgumentException.class, () -> new AdminCredentials("ad:min", "x"));
    }
}
