package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Incoming messages joined from their fragments under the whole-message cap. */
class FragmentAssemblerTest {

    private final FragmentAssembler assembler = new FragmentAssembler(4);

    private static ByteBuffer bytes(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length);
        for (int value : values) {
            buffer.put((byte) value);
        }
        return buffer.flip();
    }

    @Test
    void aMessageInOneFrameComesWhole() throws Exception {
        assertArrayEquals(new byte[] {1, 2, 3, 4}, assembler.append(bytes(1, 2, 3, 4), true));
    }

    @Test
    void fragmentsAreJoinedUpToTheLast() throws Exception {
        assertNull(assembler.append(bytes(1, 2), false));
        assertNull(assembler.append(bytes(3), false));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, assembler.append(bytes(4), true));
        assertArrayEquals(new byte[] {5}, assembler.append(bytes(5), true), "the next message starts afresh");
    }

    @Test
    void aSingleFrameOverTheCapIsRefused() {
        assertThrows(
                FragmentAssembler.MessageTooBigException.class, () -> assembler.append(bytes(1, 2, 3, 4, 5), true));
    }

    @Test
    void theCapCountsAllFragmentsOfAMessage() throws Exception {
        assertNull(assembler.append(bytes(1, 2, 3), false));
        assertThrows(FragmentAssembler.MessageTooBigException.class, () -> assembler.append(bytes(4, 5), false));
        assertArrayEquals(new byte[] {6, 7}, assembler.append(bytes(6, 7), true), "what was gathered is dropped");
    }
}
