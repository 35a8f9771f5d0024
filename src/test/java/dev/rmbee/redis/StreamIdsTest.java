package dev.rmbee.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamMessageId;

class StreamIdsTest {

    @Test
    void parsesAndFormatsBothPartsAsUnsignedDecimals() {
        StreamMessageId id = StreamIds.parse("1700000000000-3");
        assertEquals(1700000000000L, id.getId0());
        assertEquals(3L, id.getId1());
        assertEquals("1700000000000-3", StreamIds.format(id));

        String largest = "18446744073709551615-18446744073709551615";
        StreamMessageId max = StreamIds.parse(largest);
        assertEquals(-1L, max.getId0());
        assertEquals(-1L, max.getId1());
        assertEquals(largest, StreamIds.format(max));
        assertEquals("0-0", StreamIds.format(new StreamMessageId(0, 0)));
    }

    @Test
    void refusesWhatIsNoStreamId() {
        for (String text : List.of("", "5", "-5", "5-", "a-1", "1-b", "1-2-3", "-1-2", "18446744073709551616-0")) {
            IllegalArgumentException error =
                    assertThrows(IllegalArgumentException.class, () -> StreamIds.parse(text), text);
            assertEquals("not a stream id: " + text, error.getMessage());
        }
        assertThrows(NullPointerException.class, () -> StreamIds.parse(null));
    }

    @Test
    void ordersByMillisecondsThenSequenceUnsigned() {
        List<StreamMessageId> ids = new ArrayList<>(List.of(
                StreamIds.parse("18446744073709551615-0"),
                StreamIds.parse("2-1"),
                StreamIds.parse("2-18446744073709551615"),
                StreamIds.parse("10-0"),
                StreamIds.parse("2-0")));
        ids.sort(StreamIds.ORDER);
        assertEquals(
                List.of("2-0", "2-1", "2-18446744073709551615", "10-0", "18446744073709551615-0"),
                ids.stream().map(StreamIds::format).toList());
        assertTrue(StreamIds.ORDER.compare(StreamIds.parse("7-7"), StreamIds.parse("7-7")) == 0);
    }
}
