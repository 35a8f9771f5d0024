package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.registry.TwinFiles;
import dev.rmbee.testing.FuzzInputs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bodies of {@code PUT /admin/twins/{id}} and the paths' ids, mutated from valid ones: read as the
 * resource reads them ({@link TwinBodies}, then {@link TwinFiles#parseTwin}), each is a twin, an
 * {@link AdminException} (400/413) or an {@link IllegalArgumentException} naming the field (a 400);
 * nothing else escapes. The timeout bounds a hang.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwinJsonFuzzTest {

    private static final long SEED = 0x5eed_0004L;
    private static final int CASES = 5_000;
    private static final List<String> BODIES = List.of(
            "{\"id\":42,\"account\":\"0x" + "ab".repeat(32) + "\",\"relays\":[\"relay.example\",\"127.0.0.1:9183\"],"
                    + "\"pk\":\"0x02" + "cd".repeat(32) + "\"}",
            "{\"account\":\"" + "ab".repeat(32) + "\",\"relays\":\"r1.example_r2.example\",\"pk\":null}");

    @Test
    void mutatedBodiesAreTwinsOrClean400s() {
        FuzzInputs fuzz = new FuzzInputs(SEED);
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            String valid = BODIES.get(fuzz.random().nextInt(BODIES.size()));
            byte[] body = i % 10 == 0
                    ? fuzz.randomBytes(fuzz.random().nextInt(400))
                    : fuzz.mutateJson(valid).getBytes(StandardCharsets.UTF_8);
            try {
                TwinFiles.parseTwin(TwinBodies.object(body));
            } catch (AdminException e) {
                assertTrue(e.status() == 400 && e.getMessage() != null, fuzz.describe(i, body));
                refused++;
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage() != null, fuzz.describe(i, body));
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError(fuzz.describe(i, body), e);
            }
        }
        assertTrue(refused > CASES / 2, refused + " of " + CASES + " refused");
    }

    @Test
    void mutatedIdsAreIdsOrClean400s() {
        FuzzInputs fuzz = new FuzzInputs(SEED + 1);
        for (int i = 0; i < CASES; i++) {
            String id = new String(fuzz.mutate("4294967295".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            try {
                AdminInput.twinId(id);
            } catch (AdminException e) {
                assertTrue(e.status() == 400, fuzz.describe(i, id));
            } catch (RuntimeException e) {
                throw new AssertionError(fuzz.describe(i, id), e);
            }
        }
    }
}
