package dev.rmbee.redis.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rmbee.testing.Await;
import dev.rmbee.testing.RedisConnection;
import dev.rmbee.testing.RedisServerExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.embedded.RedisServer;

class RespNodeIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void tenThousandPipelinedCommandsAreAnsweredInOrder() {
        try (RespNode node = RespNode.connect(RespAddress.parse(REDIS.address()), RespOptions.DEFAULTS)) {
            List<CompletableFuture<Object>> replies = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                replies.add(node.send("pipelined", RespEncoder.utf8("RPUSH", "pipelined", Integer.toString(i))));
            }
            for (int i = 0; i < replies.size(); i++) {
                assertEquals((long) i + 1, replies.get(i).join());
            }
            Object stored = node.send("pipelined", RespEncoder.utf8("LRANGE", "pipelined", "9998", "-1"))
                    .join();
            List<?> last = (List<?>) stored;
            assertArrayEquals(bytes("9998"), (byte[]) last.get(0));
            assertArrayEquals(bytes("9999"), (byte[]) last.get(1));
        }
    }

    @Test
    void aDatabaseOtherThanZeroIsSelectedOnConnecting() throws Exception {
        try (RespNode node =
                RespNode.connect(RespAddress.parse(REDIS.address()), RespOptions.DEFAULTS.withDatabase(3))) {
            assertEquals(
                    "OK",
                    node.send("in-three", RespEncoder.utf8("SET", "in-three", "x"))
                            .join());
        }
        try (RedisConnection zero = new RedisConnection(REDIS.port(), 0);
                RedisConnection three = new RedisConnection(REDIS.port(), 3)) {
            assertEquals(null, zero.command("GET", "in-three"), "not in database 0");
            assertArrayEquals(bytes("x"), (byte[]) three.command("GET", "in-three"));
        }
    }

    @Test
    void anErrorReplyFailsItsCommandOnlyAndTheConnectionGoesOn() {
        try (RespNode node = RespNode.connect(RespAddress.parse(REDIS.address()), RespOptions.DEFAULTS)) {
            CompletableFuture<Object> wrong = node.send(null, RespEncoder.utf8("NOSUCHCOMMAND"));
            CompletableFuture<Object> ping = node.send(null, RespEncoder.utf8("PING"));

            CompletionException error = assertThrows(CompletionException.class, wrong::join);
            assertEquals(
                    "ERR", assertInstanceOf(RespError.class, error.getCause()).kind());
            assertEquals("PONG", ping.join());
        }
    }

    @Test
    void aScriptUnknownToRedisIsLoadedByEvalThenCalledBySha() throws Exception {
        RespScript script = new RespScript("return {KEYS[1], ARGV[1], 7}");
        REDIS.command("SCRIPT", "FLUSH");
        try (RespNode node = RespNode.connect(RespAddress.parse(REDIS.address()), RespOptions.DEFAULTS)) {
            List<?> first =
                    (List<?>) script.eval(node, List.of("k"), bytes("v")).join();
            List<?> second =
                    (List<?>) script.eval(node, List.of("k"), bytes("w")).join();

            assertArrayEquals(bytes("v"), (byte[]) first.get(1));
            assertEquals(7L, first.get(2));
            assertArrayEquals(bytes("w"), (byte[]) second.get(1));
            assertEquals(
                    List.of(1L),
                    node.send(null, RespEncoder.utf8("SCRIPT", "EXISTS", script.sha()))
                            .join());
        }
    }

    @Test
    void aPasswordInTheUrlAuthenticatesTheConnection() throws Exception {
        REDIS.command("ACL", "SETUSER", "relay", "on", ">s3cret", "~*", "+@all");
        try (RespNode node = RespNode.connect(
                RespAddress.parse("redis://relay:s3cret@127.0.0.1:" + REDIS.port()), RespOptions.DEFAULTS)) {
            assertArrayEquals(bytes("relay"), (byte[])
                    node.send(null, RespEncoder.utf8("ACL", "WHOAMI")).join());
        } finally {
            REDIS.command("ACL", "DELUSER", "relay");
        }
    }

    @Test
    void aRestartedServerFailsTheCommandsInFlightAndThoseWhileItIsAwayAndLaterCommandsSucceed() throws Exception {
        int port = freePort();
        RedisServer server = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .build();
        server.start();
        // the blocked command waits until the server stops, however long that takes
        RespOptions patient = RespOptions.DEFAULTS.withCommandTimeout(Duration.ofMinutes(10));
        try (RespNode node = RespNode.connect(RespAddress.parse("redis://127.0.0.1:" + port), patient)) {
            assertEquals("PONG", node.send(null, RespEncoder.utf8("PING")).join());
            CompletableFuture<Object> blocked = node.send(null, RespEncoder.utf8("BLPOP", "never", "0"));

            server.stop();

            CompletionException lost = assertThrows(CompletionException.class, blocked::join);
            assertInstanceOf(RespUnavailableException.class, lost.getCause());
            CompletableFuture<Object> whileDown = node.send(null, RespEncoder.utf8("PING"));
            CompletionException refused = assertThrows(CompletionException.class, whileDown::join);
            assertInstanceOf(RespUnavailableException.class, refused.getCause());
            server.start();
            CompletableFuture<Object> whenBack = node.send(null, RespEncoder.utf8("PING"));
            assertEquals("PONG", whenBack.join(), "waits for the attempt it brought forward");
            Await.until("the node reconnects", node::isConnected);
            assertEquals("PONG", node.send(null, RespEncoder.utf8("PING")).join());
        } finally {
            server.stop();
        }
    }

    @Test
    void aCommandUnansweredForTheCommandTimeoutFailsAsOrTimeoutWouldAndTheRepliesAfterItStayInPlace() throws Exception {
        RespOptions quick = RespOptions.DEFAULTS.withCommandTimeout(Duration.ofMillis(200));
        try (RespNode node = RespNode.connect(RespAddress.parse(REDIS.address()), quick)) {
            CompletableFuture<Object> blocked = node.send(null, RespEncoder.utf8("BLPOP", "timeout-list", "0"));

            CompletionException late = assertThrows(CompletionException.class, blocked::join);
            assertInstanceOf(TimeoutException.class, late.getCause());
            REDIS.command("RPUSH", "timeout-list", "released"); // BLPOP's late reply comes now
            CompletableFuture<Object> after = node.send(null, RespEncoder.utf8("ECHO", "after"));

            assertArrayEquals(bytes("after"), (byte[]) after.get(30, TimeUnit.SECONDS), "its own reply, not BLPOP's");
            assertEquals(true, node.isConnected(), "a timeout does not break the connection");
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
