package dev.rmbee.auth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.identity.Signer;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.testing.FuzzInputs;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.Vectors;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tokens as a client may send them in the upgrade's query: the official vectors mutated byte by
 * byte, and claims mutated as JSON (deep nesting, long numbers, garbage after the object) but then
 * validly signed, so that only the parser stands between them and a session. Each is accepted or
 * refused with an {@link AuthenticationException}; nothing else escapes. The timeout bounds a hang.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TokenFuzzTest {

    private static final long SEED = 0x5eed_0002L;
    private static final int CASES = 5_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final TokenVerifier verifier = new TokenVerifier(
            new LocalTwinRegistry(readTwins()), Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void mutatedTokensAreAcceptedOrRefusedCleanly() {
        FuzzInputs fuzz = new FuzzInputs(SEED);
        List<String> tokens = Vectors.load("jwt.json").getJsonArray("jwts").getValuesAs(JsonObject.class).stream()
                .map(vector -> vector.getString("token"))
                .toList();
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            String valid = tokens.get(fuzz.random().nextInt(tokens.size()));
            String token =
                    new String(fuzz.mutate(valid.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
            refused += verify(fuzz, i, token);
        }
        assertTrue(refused > CASES / 2, refused + " of " + CASES + " refused");
    }

    @Test
    void validlySignedHostileClaimsAreAcceptedOrRefusedCleanly() {
        FuzzInputs fuzz = new FuzzInputs(SEED + 1);
        Signer charlie = TestTwins.signer(3); // ed25519: cheap to sign thousands
        String claims = "{\"sub\":3,\"sid\":\"fuzz\",\"iat\":1700000000,\"exp\":1900000000}";
        String header = "{\"alg\":\"RS512\",\"typ\":\"JWT\"}";
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            boolean inHeader = i % 4 == 0;
            String text = b64(inHeader ? fuzz.mutateJson(header) : header) + "."
                    + b64(inHeader ? claims : fuzz.mutateJson(claims));
            String token = text + "." + B64.encodeToString(charlie.sign(text.getBytes(StandardCharsets.US_ASCII)));
            refused += verify(fuzz, i, token);
        }
        assertTrue(refused > CASES / 2, refused + " of " + CASES + " refused");
    }

    /** 1 when refused, 0 when accepted; fails on any other exception. */
    private int verify(FuzzInputs fuzz, int round, String token) {
        try {
            verifier.verify(token);
            return 0;
        } catch (AuthenticationException e) {
            return 1;
        } catch (RuntimeException e) {
            throw new AssertionError(fuzz.describe(round, token), e);
        }
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<dev.rmbee.registry.Twin> readTwins() {
        try {
            return TwinFiles.read(Vectors.dir().resolve("twins.json"));
        } catch (dev.rmbee.registry.RegistryException e) {
            throw new AssertionError(e);
        }
    }
}
