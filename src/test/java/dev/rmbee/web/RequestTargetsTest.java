package dev.rmbee.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestTargetsTest {

    @Test
    void pathsOfTheApiAndPercentEncodedOnesPass() {
        for (String path : new String[] {
            "/",
            "/admin/twins/42",
            "/admin/sessions/1/~-",
            "/admin/sessions/1/%7Babc%7D",
            "/a%C3%A9b",
            "/health/ready",
            "/metrics",
            "/a:b@c;d=e,f+g!h$i&j'k(l)m*n~o_p.q-r"
        }) {
            assertEquals(Optional.empty(), RequestTargets.problem(path), path);
        }
        assertEquals(Optional.empty(), RequestTargets.problem(null));
    }

    @Test
    void rawCharactersOutsideRfc3986AreRefused() {
        for (String path : new String[] {
            "/{",
            "/}",
            "/a|b",
            "/a^b",
            "/a`b",
            "/a\"b",
            "/a<b",
            "/a>b",
            "/a\\b",
            "/a b",
            "/admin/twins/${jndi:ldap://127.0.0.1/a}",
            "/a\u00e9",
            "/a\u0000",
            "/a\nb",
            "/[",
            "/a#b"
        }) {
            assertTrue(RequestTargets.problem(path).isPresent(), path);
        }
    }

    @Test
    void malformedPercentEncodingAndBytesThatAreNoUtf8AreRefused() {
        for (String path : new String[] {"/%", "/%z", "/%zz", "/a%4", "/%ff", "/%c0%af", "/a%c3", "/%ed%a0%80"}) {
            assertTrue(RequestTargets.problem(path).isPresent(), path);
        }
    }
}
