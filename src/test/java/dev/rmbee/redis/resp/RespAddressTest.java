package dev.rmbee.redis.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RespAddressTest {

    @Test
    void aPlainUrlHasNoCredentialsAndTheDefaultPort() {
        RespAddress address = RespAddress.parse("redis://10.0.0.1");

        assertEquals(new RespAddress("10.0.0.1", 6379, false, Optional.empty(), Optional.empty()), address);
    }

    @Test
    void userAndPasswordAreTakenDecodedAndTlsFromTheScheme() {
        RespAddress address = RespAddress.parse("rediss://app:p%40ss@redis.example:6380");

        assertTrue(address.tls());
        assertEquals(Optional.of("app"), address.user());
        assertEquals(Optional.of("p@ss"), address.password());
        assertEquals("redis.example:6380", address.hostPort());
    }

    @Test
    void aPasswordAloneAuthenticatesTheDefaultUser() {
        RespAddress address = RespAddress.parse("redis://:secret@host:1");

        assertEquals(Optional.empty(), address.user());
        assertEquals(Optional.of("secret"), address.password());
    }

    @Test
    void anotherNodeKeepsTheCredentialsAndTls() {
        RespAddress address = RespAddress.parse("rediss://:secret@host:1").at("10.0.0.9", 7000);

        assertEquals("10.0.0.9:7000", address.hostPort());
        assertTrue(address.tls());
        assertEquals(Optional.of("secret"), address.password());
    }

    @Test
    void anotherSchemeIsRefusedWithoutShowingThePassword() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> RespAddress.parse("http://u:secret@host"));

        assertFalse(error.getMessage().contains("secret"));
    }
}
