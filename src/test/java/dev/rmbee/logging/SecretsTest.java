package dev.rmbee.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void aUrlWithoutSecretsIsShownAsItIs() {
        assertEquals("redis://127.0.0.1:6379", Secrets.maskUrl("redis://127.0.0.1:6379"));
        assertEquals("wss://tfchain.grid.tf/ws", Secrets.maskUrl("wss://tfchain.grid.tf/ws"));
    }

    @Test
    void thePasswordOfAUrlIsMaskedAndItsUserKept() {
        assertEquals(
                "redis://default:***@redis.local:6379/0", Secrets.maskUrl("redis://default:s3cret@redis.local:6379/0"));
        assertEquals("rediss://:***@redis.local", Secrets.maskUrl("rediss://:s3cret@redis.local"));
    }

    @Test
    void aLoneUserInfoCountsAsPassword() {
        assertEquals("redis://***@redis.local", Secrets.maskUrl("redis://s3cret@redis.local"));
    }

    @Test
    void anAtSignInThePasswordDoesNotLeakItsStart() {
        assertEquals("redis://u:***@host", Secrets.maskUrl("redis://u:p@ss@host"));
    }

    @Test
    void theQueryIsMaskedTheFragmentKept() {
        assertEquals("wss://node.example/ws?***", Secrets.maskUrl("wss://node.example/ws?apikey=abc"));
        assertEquals("wss://node.example/?***#top", Secrets.maskUrl("wss://node.example/?k=v#top"));
    }

    @Test
    void severalUrlsAreMaskedEach() {
        assertEquals("redis://:***@a:7000,redis://b:7001", Secrets.maskUrls("redis://:x@a:7000, redis://b:7001,"));
    }
}
