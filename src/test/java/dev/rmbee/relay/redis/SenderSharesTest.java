package dev.rmbee.relay.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.redisson.connection.CRC16;

class SenderSharesTest {

    @Test
    void aSenderMayHoldHalfTheQueueAndAtLeastOne() {
        assertEquals(5000, SenderShares.share(10_000));
        assertEquals(2, SenderShares.share(5));
        assertEquals(1, SenderShares.share(1));
    }

    @Test
    void theCompanionOfAStreamWithoutBracesHashesTheWholeStreamKey() {
        assertEquals(Optional.of("rmb.relay.senders:{stream:7:abc}"), SenderShares.countsKey("stream:7:abc"));
        assertEquals(Optional.of("rmb.relay.senders:{stream:7}"), SenderShares.countsKey("stream:7"));
        assertEquals(Optional.of("rmb.relay.senders:{stream:7:a{b}"), SenderShares.countsKey("stream:7:a{b"));
    }

    @Test
    void theCompanionOfAStreamWithAHashTagHashesTheTagAndNamesTheWholeKey() {
        assertEquals(Optional.of("rmb.relay.senders:{y}stream:7:x{y}z"), SenderShares.countsKey("stream:7:x{y}z"));
        assertEquals(Optional.of("rmb.relay.senders:{b{c}stream:7:a{b{c}"), SenderShares.countsKey("stream:7:a{b{c}"));
    }

    @Test
    void aStreamWhoseHashedPartHoldsAClosingBraceHasNoCompanion() {
        assertEquals(Optional.empty(), SenderShares.countsKey("stream:7:a}b"));
        assertEquals(Optional.empty(), SenderShares.countsKey("stream:7:{}x"), "an empty tag hashes the whole key");
        assertEquals(List.of("stream:7:a}b"), SenderShares.scriptKeys("stream:7:a}b"));
    }

    @Test
    void everyCompanionIsInItsStreamsSlot() {
        for (String sid : List.of("abc", "", "a{b", "x{y}z", "a{b{c}", "{", "{{}}", "}{x}", "a{}{b}", "日本")) {
            String stream = "stream:7:" + sid;
            SenderShares.countsKey(stream)
                    .ifPresent(counts -> assertEquals(slot(stream), slot(counts), stream + " and " + counts));
        }
    }

    /** Redis Cluster's slot of a key, by its rules (cluster-spec: keys hash tags), written out here. */
    private static int slot(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        String hashed = close > open + 1 ? key.substring(open + 1, close) : key;
        return CRC16.crc16(hashed.getBytes(StandardCharsets.UTF_8)) % 16384;
    }
}
