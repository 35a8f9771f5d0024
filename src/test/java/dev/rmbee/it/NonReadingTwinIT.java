package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A twin that sends large envelope Pings over a real socket and does not read: the relay holds at
 * most a bounded amount of Pongs for it ({@code rmb.relay.send-queue.max-bytes}) and drops the rest,
 * keeps the connection, and answers again once the twin reads.
 */
class NonReadingTwinIT extends RelayDeployment {

    private static final int PINGS = 64;
    private static final int PAYLOAD = 1 << 20;

    @Test
    void aTwinThatPingsWithoutReadingGetsFewPongsAndIsAnsweredAgainOnceItReads() throws Exception {
        SessionKey session = new SessionKey(4, "not-reading-" + Uids.next());
        PausedReader reader = new PausedReader();
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(relay() + "?" + TestTwins.token(session)), reader)
                .get(20, TimeUnit.SECONDS);
        try {
            ByteString payload = ByteString.copyFrom(new byte[PAYLOAD]);
            for (int i = 0; i < PINGS; i++) { // 64 MiB of Pongs, had the relay kept them all
                Envelope ping = TestTwins.ping(session, "big-" + i).toBuilder()
                        .setPlain(payload)
                        .build();
                socket.sendBinary(ByteBuffer.wrap(ping.toByteArray()), true).get(30, TimeUnit.SECONDS);
            }
            socket.request(Long.MAX_VALUE); // the twin reads again
            // a small ping may find a big pong still waiting (and be dropped): ping until one is answered
            int[] sent = {0};
            Await.until("a pong to a ping sent after reading again", () -> {
                socket.sendBinary(
                                ByteBuffer.wrap(TestTwins.ping(session, "after-" + sent[0]++)
                                        .toByteArray()),
                                true)
                        .get(30, TimeUnit.SECONDS);
                return reader.uids.stream().anyMatch(uid -> uid.startsWith("after-"));
            });
            long bigPongs =
                    reader.uids.stream().filter(uid -> uid.startsWith("big-")).count();
            assertTrue(
                    bigPongs < PINGS / 2,
                    "most big pongs were dropped while the twin did not read: " + bigPongs + " of " + PINGS);
            assertFalse(reader.closed.get(), "the connection stays");
        } finally {
            socket.abort();
        }
    }

    /** Reads nothing until the test asks for messages ({@code request}); records the uids of what it reads. */
    private static final class PausedReader implements WebSocket.Listener {
        final List<String> uids = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            // no request(1): nothing is read until the test asks
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.write(chunk, 0, chunk.length);
            if (last) {
                try {
                    uids.add(Envelope.parseFrom(partial.toByteArray()).getUid());
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    uids.add("unparsable");
                }
                partial.reset();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.set(true);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.set(true);
        }
    }
}
