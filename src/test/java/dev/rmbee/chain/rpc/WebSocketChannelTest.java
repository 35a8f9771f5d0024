package dev.rmbee.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The JDK adapter's own logic, over a WebSocket stand-in (the socket itself: an IT against a node). */
class WebSocketChannelTest {

    private final List<String> messages = new ArrayList<>();
    private final List<String> ends = new ArrayList<>();
    private final FakeSocket socket = new FakeSocket();
    private final WebSocketChannel channel = new WebSocketChannel(
            new RpcChannel.Listener() {
                @Override
                public void message(String text) {
                    messages.add(text);
                }

                @Override
                public void closed(String reason) {
                    ends.add(reason);
                }
            },
            10);

    WebSocketChannelTest() {
        channel.onOpen(socket);
    }

    @Test
    void thePartsOfAMessageAreJoined() {
        channel.onText(socket, "{\"a\"", false);
        channel.onText(socket, ":1}", true);
        channel.onText(socket, "[]", true);

        assertEquals(List.of("{\"a\":1}", "[]"), messages);
        assertEquals(4, socket.requested, "one more message asked for after each part, and one at the open");
    }

    @Test
    void aMessageOverTheCapEndsTheChannel() {
        channel.onText(socket, "0123456", false);
        channel.onText(socket, "7890", false);

        assertEquals(List.of("a message of more than 10 characters"), ends);
        assertTrue(socket.aborted);
        assertTrue(messages.isEmpty());
    }

    @Test
    void sendsGoOutOneAtATimeInOrder() {
        channel.send("one");
        channel.send("two");
        assertEquals(List.of("one"), socket.sent, "the second waits for the first");

        socket.completeSends();
        socket.completeSends();

        assertEquals(List.of("one", "two"), socket.sent);
    }

    @Test
    void aFailedSendEndsTheChannel() {
        channel.send("one");
        socket.pending.get(0).completeExceptionally(new IOException("broken pipe"));

        assertEquals(List.of("send failed: broken pipe"), ends);
        assertTrue(socket.aborted);
    }

    @Test
    void theEndIsReportedOnce() {
        channel.onClose(socket, 1001, "going away");
        channel.onError(socket, new IOException("reset"));
        channel.close();

        assertEquals(List.of("closed by the node: 1001 going away"), ends);
    }

    @Test
    void closingSendsACloseAndThenDropsTheSocket() {
        channel.close();
        channel.send("late");

        assertEquals(List.of("closed by the client"), ends);
        assertEquals(WebSocket.NORMAL_CLOSURE, socket.closeCode);
        assertTrue(socket.aborted);
        assertTrue(socket.sent.isEmpty());
    }

    /** Records what the channel does with its socket; sends complete when the test says. */
    private static final class FakeSocket implements WebSocket {
        final List<String> sent = new ArrayList<>();
        final List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        long requested;
        int closeCode = -1;
        boolean aborted;

        void completeSends() {
            List<CompletableFuture<WebSocket>> now = new ArrayList<>(pending);
            pending.clear();
            now.forEach(send -> send.complete(this));
        }

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            sent.add(data.toString());
            CompletableFuture<WebSocket> send = new CompletableFuture<>();
            pending.add(send);
            return send;
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            closeCode = statusCode;
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return closeCode >= 0;
        }

        @Override
        public boolean isInputClosed() {
            return aborted;
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }
}
