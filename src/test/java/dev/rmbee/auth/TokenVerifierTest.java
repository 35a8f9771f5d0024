package dev.rmbee.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every token of jwt.json is accepted or refused as its {@code expect} says, with the clock frozen at its iat. */
class TokenVerifierTest {

    private static final LocalTwinRegistry TWINS = registry();

    private static LocalTwinRegistry registry() {
        try {
            return new LocalTwinRegistry(TwinFiles.read(Vectors.dir().resolve("twins.json")));
        } catch (RegistryException e) {
            throw new AssertionError(e);
        }
    }

    private static TokenVerifier at(long epochSecond) {
        return new TokenVerifier(TWINS, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    private static List<JsonObject> tokens() {
        return Vectors.load("jwt.json").getJsonArray("jwts").getValuesAs(JsonObject.class);
    }

    /** The moment the vectors were generated: every token's expectation holds then. */
    private static long generatedAt() {
        return Instant.parse(Vectors.load("jwt.json").getJsonObject("meta").getString("generated_at"))
                .getEpochSecond();
    }

    @Test
    void everyVectorIsAcceptedOrRefusedAsExpected() throws Exception {
        List<JsonObject> tokens = tokens();
        assertEquals(14, tokens.size());
        TokenVerifier verifier = at(generatedAt());
        for (JsonObject vector : tokens) {
            String name = vector.getString("name");
            String expect = vector.getString("expect");
            if (expect.startsWith("accept")) {
                TokenClaims claims = verifier.verify(vector.getString("token"));
                JsonObject expected = vector.getJsonObject("claims");
                assertEquals(expected.getInt("sub"), claims.twin(), name);
                assertEquals(expected.getJsonNumber("exp").longValue(), claims.expiresAt(), name);
                if (expected.containsKey("sid") && !expected.isNull("sid")) {
                    assertEquals(expected.getString("sid"), claims.sid(), name);
                } else {
                    assertNull(claims.sid(), name + ": no sid means the sid-less session");
                }
            } else {
                AuthenticationException refused = assertThrows(
                        AuthenticationException.class, () -> verifier.verify(vector.getString("token")), name);
                assertTrue(
                        expect.endsWith("HTTP " + refused.status()),
                        name + ": " + refused.status() + " " + refused.getMessage());
            }
        }
    }

    @Test
    void shortLivedOfficialTokensExpireAfterExp() throws Exception {
        JsonObject official = tokens().get(0);
        long exp = official.getJsonNumber("exp").longValue();
        at(exp).verify(official.getString("token"));
        AuthenticationException expired =
                assertThrows(AuthenticationException.class, () -> at(exp + 1).verify(official.getString("token")));
        assertEquals("invalid jwt: jwt has expired", expired.getMessage());
        assertEquals(401, expired.status());
    }

    @Test
    void refusalsCarryTheReferenceTexts() {
        TokenVerifier verifier = at(generatedAt());
        assertEquals(
                "missing jwt",
                assertThrows(AuthenticationException.class, () -> verifier.verify(""))
                        .getMessage());
        assertEquals(
                400,
                assertThrows(AuthenticationException.class, () -> verifier.verify(null))
                        .status());
        assertEquals("twin not found 99", refusal(verifier, "twin_99_unknown"));
        assertEquals("invalid jwt: jwt: Invalid signature", refusal(verifier, "charlie_bad_signature"));
        assertEquals("invalid jwt: jwt: Invalid signature", refusal(verifier, "alice_claims_twin_2"));
        assertTrue(refusal(verifier, "alice_alg_hs256").startsWith("invalid jwt: jwt: Expected algorithm type HS256"));
        assertEquals(
                "invalid jwt: jwt: No claims component found in token string",
                assertThrows(AuthenticationException.class, () -> verifier.verify("abc"))
                        .getMessage());
        assertEquals(
                "invalid jwt: jwt: Too many components found in token string",
                assertThrows(AuthenticationException.class, () -> verifier.verify("a.b.c.d"))
                        .getMessage());
    }

    private static String refusal(TokenVerifier verifier, String name) {
        String token = tokens().stream()
                .filter(t -> t.getString("name").equals(name))
                .findFirst()
                .orElseThrow()
                .getString("token");
        return assertThrows(AuthenticationException.class, () -> verifier.verify(token))
                .getMessage();
    }

    @Test
    void strictClaimTypes() {
        TokenVerifier verifier = at(1_700_000_000L);
        for (String claims : new String[] {
            "{\"sub\":\"1\",\"iat\":1,\"exp\":1800000000}",
            "{\"sub\":1.5,\"iat\":1,\"exp\":1800000000}",
            "{\"sub\":-1,\"iat\":1,\"exp\":1800000000}",
            "{\"sub\":4294967296,\"iat\":1,\"exp\":1800000000}",
            "{\"sub\":1,\"exp\":1800000000}",
            "{\"sub\":1,\"iat\":1,\"exp\":1800000000,\"sid\":5}",
            "[1,2]",
            "{\"sub\":1,\"iat\":1,\"exp\":1800000000}xyz",
            "{\"sub\":1,\"iat\":1,\"exp\":1800000000}{}",
            "{\"sub\":1e0,\"iat\":1,\"exp\":1800000000}",
            "{\"sub\":1,\"iat\":1E0,\"exp\":1800000000}",
            "{\"sub\":1,\"sub\":2,\"iat\":1,\"exp\":1800000000}",
            "{\"sub\":1,\"iat\":1,\"exp\":" + "9".repeat(1101) + "}",
            "{\"sub\":1,\"iat\":1,\"exp\":1800000000,\"x\":" + "[".repeat(1001) + "]".repeat(1001) + "}",
            "{\"sub\":1,\"iat\":1,\"exp\":1800000000,\"x\":" + "{\"a\":".repeat(1001) + "1" + "}".repeat(1001) + "}",
            "{\"sub\":1,\"iat\":1,\"exp\":1800000000,\"x\":" + "[".repeat(1001) + "}",
        }) {
            String token = b64("{\"alg\":\"RS512\"}") + "." + b64(claims) + ".AAAA";
            AuthenticationException refused =
                    assertThrows(AuthenticationException.class, () -> verifier.verify(token), claims);
            assertEquals(401, refused.status(), claims);
            assertTrue(refused.getMessage().startsWith("invalid jwt: jwt: "), refused.getMessage());
        }
    }

    @Test
    void headerChecks() {
        TokenVerifier verifier = at(1_700_000_000L);
        for (String header : new String[] {
            "{\"typ\":\"JWT\"}",
            "{\"alg\":\"XX1\"}",
            "{\"alg\":\"RS512\",\"typ\":\"JWS\"}",
            "{\"alg\":\"RS512\"} ]",
            "{\"alg\":\"RS512\",\"alg\":\"RS512\"}",
            "{\"alg\":\"RS512\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}"
        }) {
            String token = b64(header) + "." + b64("{\"sub\":1,\"iat\":1,\"exp\":1800000000}") + ".AAAA";
            assertEquals(
                    401,
                    assertThrows(AuthenticationException.class, () -> verifier.verify(token))
                            .status(),
                    header);
        }
    }

    @Test
    void createdTokensVerifyForBothKeyTypesAndKeepTheSessionId() throws Exception {
        Signer alice = TestTwins.signer(1); // sr25519
        Signer charlie = TestTwins.signer(3); // ed25519
        TokenVerifier verifier = at(1_700_000_100L);

        String rustStyle = RelayTokens.create(alice, 1, null, 1_700_000_000L, 1_700_000_300L);
        assertTrue(rustStyle.startsWith("eyJhbGciOiJSUzUxMiJ9."), "the reference's header");
        TokenClaims claims = verifier.verify(rustStyle);
        assertEquals(1, claims.twin());
        assertNull(claims.sid());
        assertEquals(1_700_000_000L, claims.issuedAt());

        TokenClaims withEmptySid = verifier.verify(RelayTokens.create(charlie, 3, "", 1_700_000_000L, 1_700_000_300L));
        assertEquals("", withEmptySid.sid());
        assertEquals("3:", withEmptySid.session().toString());
    }

    @Test
    void specEd25519TokenIsReproducedByteForByte() {
        Signer alice = SubstrateKeys.signer("//Alice", KeyType.ED25519);
        assertEquals(
                "eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOjcsInNpZCI6bnVsbCwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDAzMDB9."
                        + "ZUQDa0GyVTojnBXjoshIVglZy3up1agcaUSVGXUwBDsyNrKF99THjnImXXkBz1oWThLDdSZc5YFIydloeWJ0-A8",
                RelayTokens.create(alice, 7, null, 1_700_000_000L, 1_700_000_300L));
    }

    @Test
    void referenceLoadTokenParsesWithoutVerification() throws Exception {
        RelayTokens.ParsedToken parsed =
                RelayTokens.parse("eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOjcsImlhdCI6MTY3MzI2NzE1MCwiZXhwIjo2MH0."
                        + "ZRCH2iy6VnwUFfhL0h7tjlweqJT9tQJuHpApPFD0tDDObyBdGUBrqy2EXS8XSX7YQUH1hswylONxoNLvFkdb2AY");
        assertEquals("RS512", parsed.algorithm());
        assertEquals(new TokenClaims(7, null, 1673267150L, 60L), parsed.claims());
        assertEquals(65, parsed.signature().length);
        assertEquals('e', parsed.signature()[0]);
    }

    @Test
    void paddedBase64IsAccepted() throws Exception {
        Signer alice = TestTwins.signer(1);
        String token = RelayTokens.create(alice, 1, null, 1_700_000_000L, 1_700_000_300L);
        String padded = token + "="; // 87 chars of signature + one pad char
        assertEquals(1, at(1_700_000_100L).verify(padded).twin());
    }

    private static String b64(String json) {
        return java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
