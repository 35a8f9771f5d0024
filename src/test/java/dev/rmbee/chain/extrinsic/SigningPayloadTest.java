package dev.rmbee.chain.extrinsic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rmbee.chain.hash.Hashes;
import dev.rmbee.testing.ExtrinsicVectors;
import dev.rmbee.testing.ExtrinsicVectors.Case;
import dev.rmbee.testing.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningPayloadTest {

    private static final ChainContext CHAIN = new ChainContext(149, 2, Vectors.hex("45".repeat(32)));

    @Test
    void everyRecordedPayloadIsRebuiltFromItsInputs() {
        List<Case> cases = ExtrinsicVectors.all();
        assertEquals(4 + 14, cases.size());
        for (Case vector : cases) {
            assertArrayEquals(vector.expectedPayload(), vector.payload().encode(), vector.name());
        }
    }

    @Test
    void whatIsSignedEqualsPolkadotJsIncludingTheHashOfALongPayload() {
        int hashed = 0;
        for (Case vector : ExtrinsicVectors.polkadotJs()) {
            byte[] payload = vector.payload().encode();
            assertArrayEquals(vector.signedBytes(), vector.payload().toSign(), vector.name());
            if (payload.length > SigningPayload.MAX_SIGNED_DIRECTLY) {
                assertArrayEquals(Hashes.blake2b256(payload), vector.signedBytes(), vector.name());
                hashed++;
            }
        }
        assertEquals(1, hashed);
    }

    @Test
    void aPayloadOfExactly256BytesIsSignedAsIs() {
        byte[] call = new byte[256 - 3 - 8 - 64];
        SigningPayload payload = SigningPayload.immortal(call, 0, CHAIN);
        assertEquals(256, payload.encode().length);
        assertArrayEquals(payload.encode(), payload.toSign());
        SigningPayload longer = SigningPayload.immortal(new byte[call.length + 1], 0, CHAIN);
        assertArrayEquals(Hashes.blake2b256(longer.encode()), longer.toSign());
    }

    @Test
    void immortalUsesTheGenesisAsCheckpointAndNoTip() {
        byte[] call = Vectors.hex("0x19120000");
        SigningPayload payload = SigningPayload.immortal(call, 70000, CHAIN);
        assertArrayEquals(CHAIN.genesisHash(), payload.checkpoint());
        assertEquals(0, payload.tip());
        assertArrayEquals(
                Vectors.hex("0x00c245040000"), payload.extra(), "era 00, compact 70000 (four bytes), compact 0");
        assertArrayEquals(
                Vectors.hex("0x19120000" + "00c245040000" + "95000000" + "02000000" + "45".repeat(64)),
                payload.encode());
    }

    @Test
    void refusesMalformedInputs() {
        byte[] genesis = CHAIN.genesisHash();
        assertThrows(IllegalArgumentException.class, () -> new ChainContext(149, 2, new byte[31]));
        assertThrows(
                IllegalArgumentException.class,
                () -> new SigningPayload(new byte[2], Era.immortal(), 0, 0, CHAIN, new byte[33]));
        assertThrows(
                IllegalArgumentException.class,
                () -> new SigningPayload(new byte[2], Era.immortal(), -1, 0, CHAIN, genesis));
        assertThrows(IllegalArgumentException.class, () -> SigningPayload.immortal(new byte[1], 0, CHAIN));
    }
}
