package dev.rmbee.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import dev.rmbee.testing.EnvelopeVectors;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Ping;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RelayEnvelopesTest {

    @Test
    void pongOfTheOfficialPingIsWhatTheReferenceRelaySends() {
        Envelope pong = RelayEnvelopes.pong(EnvelopeVectors.envelope("ping_official_verbatim"));
        assertEquals(EnvelopeVectors.envelope("pong_from_relay"), pong);
    }

    @Test
    void pongAppendsToPlainAndReplacesCipher() {
        Envelope plain = Envelope.newBuilder()
                .setPing(Ping.getDefaultInstance())
                .setPlain(ByteString.copyFromUtf8("x"))
                .build();
        assertEquals("xhello world", RelayEnvelopes.pong(plain).getPlain().toStringUtf8());
        Envelope cipher = Envelope.newBuilder()
                .setPing(Ping.getDefaultInstance())
                .setCipher(ByteString.copyFromUtf8("c"))
                .build();
        Envelope pong = RelayEnvelopes.pong(cipher);
        assertEquals(Envelope.PayloadCase.PLAIN, pong.getPayloadCase());
        assertEquals("hello world", pong.getPlain().toStringUtf8());
    }

    @Test
    void pongKeepsUnknownFieldsAndSwapsAbsentAddresses() throws Exception {
        // the minimal ping of wire.md: uid p1, source twin 7, plus an unknown field 99 = varint 1
        byte[] ping = HexFormat.of().parseHex("0a0270312a0208077a00" + "98" + "06" + "01");
        Envelope pong = RelayEnvelopes.pong(Envelope.parseFrom(ping));
        assertEquals(1, pong.getUnknownFields().asMap().size());
        assertEquals(false, pong.hasSource());
        assertEquals(SessionKey.of(7), SessionKey.of(pong.getDestination()));
    }

    @Test
    void errorEnvelopeMatchesTheReferenceRelay() throws Exception {
        Envelope error = RelayEnvelopes.error(
                "00000000-0000-4000-8000-000000000001", SessionKey.of(1), "unknown twin destination", 1700000002L);
        assertEquals(EnvelopeVectors.envelope("error_from_relay_unsigned"), error);
        assertArrayEquals(
                Vectors.hex(EnvelopeVectors.vector("error_from_relay_unsigned").getString("protobuf_hex")),
                error.toByteArray(),
                "canonical field order gives the same bytes here");
    }

    @Test
    void specErrorExample() {
        Envelope error = RelayEnvelopes.error(
                "0c2f5b0e-6c2e-4c4b-9c1a-3e3b4a1f2d10", SessionKey.of(7), "destination offline", 1700000005L);
        assertEquals(
                "0a2430633266356230652d366332652d346334622d396331612d3365336234613166326431301885e2cfaa0620ac02"
                        + "320208076215121364657374696e6174696f6e206f66666c696e65",
                HexFormat.of().formatHex(error.toByteArray()));
    }
}
