package dev.rmbee.peer.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code dat}: produced standard with padding, read as the reference's base64 0.13 reads it. */
class Base64DataTest {

    @Test
    void producesStandardAlphabetWithPadding() {
        assertEquals("e30=", Base64Data.encode("{}".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("InYxLjUuMSI=", Base64Data.encode("\"v1.5.1\"".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("+/+/", Base64Data.encode(new byte[] {(byte) 0xfb, (byte) 0xff, (byte) 0xbf}));
        assertEquals("YQ==", Base64Data.encode(new byte[] {'a'}));
        assertEquals("", Base64Data.encode(new byte[0]));
    }

    @ParameterizedTest
    @CsvSource({
        "e30=, {}",
        "e30, {}",
        "YQ==, a",
        "YQ=, a",
        "YQ, a",
        "YWI=, ab",
        "YWI, ab",
        "YWJj, abc",
        "YWJjZA==, abcd",
        "YWJjZA, abcd",
        "YWJjZA=, abcd",
    })
    void acceptsPaddingOrNone(String text, String expected) {
        assertArrayEquals(expected.getBytes(StandardCharsets.US_ASCII), Base64Data.decode(text));
    }

    @Test
    void decodesEmptyAndBinary() {
        assertArrayEquals(new byte[0], Base64Data.decode(""));
        assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff, (byte) 0xbf}, Base64Data.decode("+/+/"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-_-_", // URL-safe alphabet
                "e30=\n", // trailing newline
                " e30=", // leading space
                "e3 0=", // inner space
                "e30=e30=", // padding in the middle
                "YQ===", // too much padding
                "Y===", // padding where no quad can end
                "Y=",
                "=",
                "==",
                "e", // a 6-bit remainder
                "YWJjZ",
                "YWJjZ===",
                "e3=", // leftover bits in the last symbol (base64 0.13: InvalidLastSymbol)
                "YR==",
                "YWJ", // 'J' leaves bits 01 over
                "e30*",
                "ZÄ==",
            })
    void rejectsWhatTheReferenceRejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> Base64Data.decode(text));
    }

    @Test
    void roundTripsEveryLength() {
        for (int length = 0; length < 40; length++) {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) {
                data[i] = (byte) (i * 37 + length);
            }
            String text = Base64Data.encode(data);
            assertArrayEquals(data, Base64Data.decode(text));
            assertArrayEquals(data, Base64Data.decode(text.replace("=", "")));
        }
    }
}
