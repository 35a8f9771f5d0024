package dev.rmbee.peer.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.FuzzInputs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JSON local programs push (and the peer reads back from its own lists), mutated from the
 * spec's examples: every parser gives a message or a {@link MalformedMessageException}; nothing
 * else escapes, however deep the nesting or long the numbers. The timeout bounds a hang.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalJsonFuzzTest {

    private static final long SEED = 0x5eed_0003L;
    private static final int CASES = 5_000;

    /** One parser of the local API. */
    @FunctionalInterface
    private interface Parser {
        Object parse(byte[] json) throws MalformedMessageException;
    }

    private record Kind(String example, Parser parser) {}

    private static final List<Kind> KINDS = List.of(
            new Kind(LocalMessagesTest.OUTGOING_REQUEST, OutgoingRequest::parse),
            new Kind(LocalMessagesTest.OUTGOING_RESPONSE, OutgoingResponse::parse),
            new Kind(LocalMessagesTest.INCOMING_REQUEST, IncomingRequest::parse),
            new Kind(LocalMessagesTest.RESPONSE_SUCCESS, IncomingResponse::parse),
            new Kind(LocalMessagesTest.RESPONSE_RELAY_ERROR, IncomingResponse::parse));

    @Test
    void mutatedMessagesParseOrAreRefusedCleanly() {
        FuzzInputs fuzz = new FuzzInputs(SEED);
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            Kind kind = KINDS.get(fuzz.random().nextInt(KINDS.size()));
            byte[] json = i % 10 == 0
                    ? fuzz.randomBytes(fuzz.random().nextInt(400))
                    : fuzz.mutateJson(kind.example()).getBytes(StandardCharsets.UTF_8);
            try {
                kind.parser().parse(json);
            } catch (MalformedMessageException e) {
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(fuzz.describe(i, json), e);
            }
        }
        assertTrue(refused > CASES / 2, refused + " of " + CASES + " refused");
    }
}
