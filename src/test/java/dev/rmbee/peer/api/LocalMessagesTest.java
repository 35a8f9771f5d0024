package dev.rmbee.peer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The four JSON message types: the spec's examples byte for byte, and serde's reading rules. */
class LocalMessagesTest {

    // peer.md §5.1–5.4, verbatim
    static final String OUTGOING_REQUEST = "{\"ver\":1,\"ref\":\"job-1\",\"cmd\":\"zos.system.version\",\"exp\":120,"
            + "\"dat\":\"e30=\",\"tag\":null,\"dst\":[12,13],\"ret\":\"7b0d2d5e-6a56-4a0c-9a2f-1f1d1a9b1c55\","
            + "\"shm\":\"application/json\",\"now\":1700000000}";
    static final String INCOMING_REQUEST = "{\"ver\":1,\"ref\":\"0c2f5b0e-6c2e-4c4b-9c1a-3e3b4a1f2d10\",\"src\":\"7\","
            + "\"cmd\":\"zos.system.version\",\"exp\":118,\"dat\":\"e30=\",\"tag\":null,\"ret\":\"msgbus.system.reply\","
            + "\"shm\":\"application/json\",\"now\":1700000002}";
    static final String RESPONSE_SUCCESS = "{\"ver\":1,\"ref\":\"job-1\",\"dat\":\"InYxLjUuMSI=\",\"src\":\"12\","
            + "\"shm\":\"application/json\",\"now\":1700000003,\"err\":null}";
    static final String RESPONSE_RELAY_ERROR = "{\"ver\":1,\"ref\":\"job-1\",\"dat\":\"\",\"src\":\"0\",\"shm\":null,"
            + "\"now\":1700000001,\"err\":{\"code\":0,\"message\":\"unknown twin destination\"}}";
    static final String RESPONSE_LOCAL_ERROR = "{\"ver\":1,\"ref\":\"job-1\",\"dat\":\"\",\"src\":\"\",\"shm\":null,"
            + "\"now\":0,\"err\":{\"code\":103,\"message\":\"unknown twin id '99'\"}}";
    static final String OUTGOING_RESPONSE = "{\"ver\":1,\"ref\":\"0c2f5b0e-6c2e-4c4b-9c1a-3e3b4a1f2d10\","
            + "\"dat\":\"InYxLjUuMSI=\",\"dst\":\"7\",\"shm\":\"application/json\",\"now\":1700000003,\"err\":null}";

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    /** {@code json} with member {@code name}'s value text replaced (or the member removed for {@code null}). */
    static String with(String json, String name, String value) {
        String pattern = "\"" + name + "\":(\"[^\"]*\"|\\[[^\\]]*\\]|\\{[^}]*\\}|[^,}]*)";
        String replaced = value == null
                ? json.replaceFirst("," + pattern, "").replaceFirst(pattern + ",", "")
                : json.replaceFirst(pattern, java.util.regex.Matcher.quoteReplacement("\"" + name + "\":" + value));
        if (replaced.equals(json) && !(value != null && json.contains("\"" + name + "\":" + value))) {
            throw new AssertionError("no member " + name + " in " + json);
        }
        return replaced;
    }

    @Nested
    class SpecExamples {

        @Test
        void outgoingRequest() throws Exception {
            OutgoingRequest request = OutgoingRequest.parse(utf8(OUTGOING_REQUEST));
            assertEquals(
                    new OutgoingRequest(
                            1,
                            "job-1",
                            "zos.system.version",
                            120,
                            "e30=",
                            null,
                            List.of(12, 13),
                            "7b0d2d5e-6a56-4a0c-9a2f-1f1d1a9b1c55",
                            "application/json",
                            1700000000L),
                    request);
            assertEquals(OUTGOING_REQUEST, text(request.toJson()));
        }

        @Test
        void incomingRequest() throws Exception {
            IncomingRequest request = new IncomingRequest(
                    1,
                    "0c2f5b0e-6c2e-4c4b-9c1a-3e3b4a1f2d10",
                    "7",
                    "zos.system.version",
                    118,
                    "e30=",
                    null,
                    "msgbus.system.reply",
                    "application/json",
                    1700000002L);
            assertEquals(INCOMING_REQUEST, text(request.toJson()));
            assertEquals(request, IncomingRequest.parse(utf8(INCOMING_REQUEST)));
        }

        @Test
        void incomingResponses() throws Exception {
            IncomingResponse success =
                    new IncomingResponse(1, "job-1", "InYxLjUuMSI=", "12", "application/json", 1700000003L, null);
            IncomingResponse relayError = new IncomingResponse(
                    1, "job-1", "", "0", null, 1700000001L, new ResponseError(0, "unknown twin destination"));
            IncomingResponse localError = IncomingResponse.localError("job-1", 103, "unknown twin id '99'");
            assertEquals(RESPONSE_SUCCESS, text(success.toJson()));
            assertEquals(RESPONSE_RELAY_ERROR, text(relayError.toJson()));
            assertEquals(RESPONSE_LOCAL_ERROR, text(localError.toJson()));
            assertEquals(success, IncomingResponse.parse(utf8(RESPONSE_SUCCESS)));
            assertEquals(relayError, IncomingResponse.parse(utf8(RESPONSE_RELAY_ERROR)));
            assertEquals(localError, IncomingResponse.parse(utf8(RESPONSE_LOCAL_ERROR)));
        }

        @Test
        void outgoingResponse() throws Exception {
            OutgoingResponse response = OutgoingResponse.parse(utf8(OUTGOING_RESPONSE));
            assertEquals(
                    new OutgoingResponse(
                            1,
                            "0c2f5b0e-6c2e-4c4b-9c1a-3e3b4a1f2d10",
                            "InYxLjUuMSI=",
                            "7",
                            "application/json",
                            1700000003L,
                            null),
                    response);
            assertEquals(OUTGOING_RESPONSE, text(response.toJson()));
        }

        @Test
        void outgoingResponseWithError() throws Exception {
            String json = with(OUTGOING_RESPONSE, "err", "{\"code\":255,\"message\":\"function not found\"}");
            OutgoingResponse response = OutgoingResponse.parse(utf8(json));
            assertEquals(new ResponseError(255, "function not found"), response.error());
            assertEquals(json, text(response.toJson()));
        }
    }

    @Nested
    class RequiredMembers {

        @ParameterizedTest
        @ValueSource(strings = {"ver", "cmd", "exp", "dat", "dst", "ret", "now"})
        void outgoingRequest(String member) {
            MalformedMessageException e = assertThrows(
                    MalformedMessageException.class,
                    () -> OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, member, null))));
            assertEquals("missing member \"" + member + "\"", e.getMessage());
            MalformedMessageException nulled = assertThrows(
                    MalformedMessageException.class,
                    () -> OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, member, "null"))));
            assertEquals("member \"" + member + "\" must not be null", nulled.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"ver", "src", "cmd", "exp", "dat", "ret", "now"})
        void incomingRequest(String member) {
            assertThrows(
                    MalformedMessageException.class,
                    () -> IncomingRequest.parse(utf8(with(INCOMING_REQUEST, member, null))));
            assertThrows(
                    MalformedMessageException.class,
                    () -> IncomingRequest.parse(utf8(with(INCOMING_REQUEST, member, "null"))));
        }

        @ParameterizedTest
        @ValueSource(strings = {"ver", "dat", "src", "now"})
        void incomingResponse(String member) {
            assertThrows(
                    MalformedMessageException.class,
                    () -> IncomingResponse.parse(utf8(with(RESPONSE_SUCCESS, member, null))));
        }

        @ParameterizedTest
        @ValueSource(strings = {"ver", "dat", "dst", "now"})
        void outgoingResponse(String member) {
            assertThrows(
                    MalformedMessageException.class,
                    () -> OutgoingResponse.parse(utf8(with(OUTGOING_RESPONSE, member, null))));
            assertThrows(
                    MalformedMessageException.class,
                    () -> OutgoingResponse.parse(utf8(with(OUTGOING_RESPONSE, member, "null"))));
        }

        @Test
        void errorObjectNeedsCodeAndMessage() {
            for (String err : List.of(
                    "{\"code\":1}",
                    "{\"message\":\"x\"}",
                    "{\"code\":null,\"message\":\"x\"}",
                    "{\"code\":1,\"message\":null}",
                    "{}")) {
                assertThrows(
                        MalformedMessageException.class,
                        () -> OutgoingResponse.parse(utf8(with(OUTGOING_RESPONSE, "err", err))),
                        err);
            }
        }
    }

    @Nested
    class OptionalMembers {

        @Test
        void stringOrNullMembersMayBeAbsent() throws Exception {
            String json = with(with(with(OUTGOING_REQUEST, "ref", null), "tag", null), "shm", null);
            OutgoingRequest request = OutgoingRequest.parse(utf8(json));
            assertNull(request.reference());
            assertNull(request.tags());
            assertNull(request.schema());
            assertEquals(
                    "{\"ver\":1,\"ref\":null,\"cmd\":\"zos.system.version\",\"exp\":120,\"dat\":\"e30=\","
                            + "\"tag\":null,\"dst\":[12,13],\"ret\":\"7b0d2d5e-6a56-4a0c-9a2f-1f1d1a9b1c55\",\"shm\":null,"
                            + "\"now\":1700000000}",
                    text(request.toJson()));
        }

        @Test
        void errorMayBeAbsentOrNull() throws Exception {
            assertNull(OutgoingResponse.parse(utf8(with(OUTGOING_RESPONSE, "err", null)))
                    .error());
            assertNull(OutgoingResponse.parse(utf8(OUTGOING_RESPONSE)).error());
            assertNull(IncomingResponse.parse(utf8(with(RESPONSE_SUCCESS, "err", null)))
                    .error());
        }

        @Test
        void wrongTypesOfOptionalMembersAreRejected() {
            for (String value : List.of("1", "true", "[]", "{}")) {
                assertThrows(
                        MalformedMessageException.class,
                        () -> OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, "tag", value))),
                        value);
                assertThrows(
                        MalformedMessageException.class,
                        () -> OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, "shm", value))),
                        value);
            }
            for (String value : List.of("1", "\"x\"", "[]", "true")) {
                assertThrows(
                        MalformedMessageException.class,
                        () -> OutgoingResponse.parse(utf8(with(OUTGOING_RESPONSE, "err", value))),
                        value);
            }
        }

        @Test
        void unknownMembersAreIgnored() throws Exception {
            String json = OUTGOING_REQUEST.replace(
                    "{\"ver\"",
                    "{\"x\":{\"deep\":[1,2.5,-3e7,{\"a\":null}]},\"x\":\"twice is fine\",\"retry\":3,\"ver\"");
            assertEquals(OutgoingRequest.parse(utf8(OUTGOING_REQUEST)), OutgoingRequest.parse(utf8(json)));
        }
    }

    @Nested
    class Numbers {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "-1",
                    "1.0",
                    "1.5",
                    "1e2",
                    "1E2",
                    "-0",
                    "\"120\"",
                    "true",
                    "[120]",
                    "18446744073709551616",
                    "99999999999999999999999"
                })
        void rejectedForU64(String value) {
            assertThrows(
                    MalformedMessageException.class,
                    () -> OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, "exp", value))));
            assertThrows(
                    MalformedMessageException.class,
                    () -> OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, "now", value))));
            assertThrows(
                    MalformedMessageException.class,
                    () -> OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, "ver", value))));
        }

        @Test
        void fullU64Range() throws Exception {
            OutgoingRequest request = OutgoingRequest.parse(
                    utf8(with(with(OUTGOING_REQUEST, "exp", "18446744073709551615"), "now", "0")));
            assertEquals(-1L, request.expiration());
            assertEquals(0L, request.timestamp());
            assertTrue(text(request.toJson()).contains("\"exp\":18446744073709551615,"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"[-1]", "[1.0]", "[\"12\"]", "[null]", "[4294967296]", "12", "\"12\"", "{}"})
        void rejectedForDestinations(String value) {
            assertThrows(
                    MalformedMessageException.class,
                    () -> OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, "dst", value))));
        }

        @Test
        void destinationsUseTheU32Range() throws Exception {
            OutgoingRequest request = OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, "dst", "[4294967295,0]")));
            assertEquals(List.of(-1, 0), request.destinations());
            assertTrue(text(request.toJson()).contains("\"dst\":[4294967295,0]"));
            assertEquals(
                    List.of(),
                    OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, "dst", "[]")))
                            .destinations());
        }

        @Test
        void errorCodeIsU32() throws Exception {
            OutgoingResponse response = OutgoingResponse.parse(
                    utf8(with(OUTGOING_RESPONSE, "err", "{\"code\":4294967295,\"message\":\"m\"}")));
            assertEquals(-1, response.error().code());
            assertTrue(text(response.toJson()).contains("{\"code\":4294967295,\"message\":\"m\"}"));
            for (String code : List.of("4294967296", "-1", "1.0", "\"1\"")) {
                assertThrows(
                        MalformedMessageException.class,
                        () -> OutgoingResponse.parse(
                                utf8(with(OUTGOING_RESPONSE, "err", "{\"code\":" + code + ",\"message\":\"m\"}"))),
                        code);
            }
        }
    }

    @Nested
    class Strings {

        @ParameterizedTest
        @ValueSource(strings = {"cmd", "dat", "ret"})
        void requiredStringsMustBeStrings(String member) {
            for (String value : List.of("1", "true", "[]", "{}")) {
                assertThrows(
                        MalformedMessageException.class,
                        () -> OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, member, value))),
                        value);
            }
        }

        @Test
        void escapesAreDecoded() throws Exception {
            // as Go's encoding/json writes <, > and & (and Python's json.dumps non-ASCII text)
            String json = with(
                    with(
                            OUTGOING_REQUEST,
                            "ref",
                            "\"\\u003ca\\u0026b\\u003e \\u00e9\\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t\""),
                    "tag",
                    "\"\\u0001\"");
            OutgoingRequest request = OutgoingRequest.parse(utf8(json));
            assertEquals("<a&b> é😀 \"q\" \\ / \b\f\n\r\t", request.reference());
            assertEquals("\u0001", request.tags());
        }

        @Test
        void theTextBeforeAndAfterAnEscapeIsKept() throws Exception {
            String json = with(OUTGOING_REQUEST, "ref", "\"before\\nafter\\\"end\"");
            assertEquals("before\nafter\"end", OutgoingRequest.parse(utf8(json)).reference());
        }

        @Test
        void writtenLikeSerdeJson() {
            IncomingResponse response =
                    new IncomingResponse(1, "<é😀/\"\\\b\f\n\r\t\u0001\u001f\u007f>", "", "7", null, 0, null);
            assertEquals(
                    "{\"ver\":1,\"ref\":\"<é😀/\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\u007f>\",\"dat\":\"\","
                            + "\"src\":\"7\",\"shm\":null,\"now\":0,\"err\":null}",
                    text(response.toJson()));
        }

        @Test
        void rawUtf8IsRead() throws Exception {
            OutgoingRequest request = OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, "cmd", "\"é.😀\"")));
            assertEquals("é.😀", request.command());
        }
    }

    @Nested
    class Malformed {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    " ",
                    "null",
                    "[]",
                    "\"text\"",
                    "{",
                    "{\"ver\":1,}",
                    "{\"ver\":1 \"ref\":null}",
                    "{'ver':1}",
                    "{\"ver\":01}",
                    "{\"ver\":1}x",
                    "{\"ver\":1}{}",
                    "{\"ver\":+1}",
                    "{\"ver\":.5}",
                    "{\"ver\":1.}",
                    "{\"ver\":NaN}",
                    "{\"ver\":tru}",
                    "{\"ref\":\"\\x\"}",
                    "{\"ref\":\"\\u12\"}",
                    "{\"ref\":\"\\ud800\"}",
                    "{\"ref\":\"\\udc00\"}",
                    "{\"ref\":\"\\ud800\\u0041\"}",
                    "{\"ref\":\"unterminated}",
                })
        void invalidJsonIsRejected(String json) {
            assertThrows(MalformedMessageException.class, () -> OutgoingRequest.parse(utf8(json)));
            assertThrows(MalformedMessageException.class, () -> OutgoingResponse.parse(utf8(json)));
        }

        @Test
        void rawControlCharacterInAString() {
            String json = with(OUTGOING_REQUEST, "cmd", "\"a\nb\"");
            assertThrows(MalformedMessageException.class, () -> OutgoingRequest.parse(utf8(json)));
        }

        @Test
        void invalidUtf8() {
            byte[] json = utf8(with(OUTGOING_REQUEST, "cmd", "\"ab\""));
            int at = text(json).indexOf("ab\"");
            json[at] = (byte) 0xc3; // a lead byte followed by an ASCII byte
            byte[] invalid = json;
            assertThrows(MalformedMessageException.class, () -> OutgoingRequest.parse(invalid));
        }

        @Test
        void deepNestingIsRejectedNotACrash() {
            String deep = "[".repeat(100_000) + "]".repeat(100_000);
            String json = OUTGOING_REQUEST.replace("{\"ver\"", "{\"x\":" + deep + ",\"ver\"");
            MalformedMessageException e =
                    assertThrows(MalformedMessageException.class, () -> OutgoingRequest.parse(utf8(json)));
            assertTrue(e.getMessage().contains("nested too deeply"), e.getMessage());
            String fine =
                    OUTGOING_REQUEST.replace("{\"ver\"", "{\"x\":" + "[".repeat(127) + "]".repeat(127) + ",\"ver\"");
            assertThrows(
                    AssertionError.class,
                    () -> assertThrows(MalformedMessageException.class, () -> OutgoingRequest.parse(utf8(fine))));
        }

        @Test
        void declaredMembersOnlyOnce() {
            String json = OUTGOING_REQUEST.replace("{\"ver\":1,", "{\"ver\":1,\"exp\":5,");
            MalformedMessageException e =
                    assertThrows(MalformedMessageException.class, () -> OutgoingRequest.parse(utf8(json)));
            assertEquals("duplicate member \"exp\"", e.getMessage());
            String twiceNull = OUTGOING_REQUEST.replace("{\"ver\":1,", "{\"ver\":1,\"tag\":null,");
            assertThrows(MalformedMessageException.class, () -> OutgoingRequest.parse(utf8(twiceNull)));
            String errTwice = with(OUTGOING_RESPONSE, "err", "{\"code\":1,\"code\":2,\"message\":\"m\"}");
            assertThrows(MalformedMessageException.class, () -> OutgoingResponse.parse(utf8(errTwice)));
        }

        @Test
        void replyToIsKeptWhenItCanBeRead() {
            MalformedMessageException e = assertThrows(
                    MalformedMessageException.class,
                    () -> OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, "exp", "-1"))));
            assertEquals("member \"exp\": expected an unsigned 64-bit integer, found -1", e.getMessage());
            assertEquals(Optional.of("7b0d2d5e-6a56-4a0c-9a2f-1f1d1a9b1c55"), e.replyTo());
            assertEquals(Optional.of("job-1"), e.reference());

            MalformedMessageException badRef = assertThrows(
                    MalformedMessageException.class,
                    () -> OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, "ref", "7"))));
            assertEquals(Optional.of("7b0d2d5e-6a56-4a0c-9a2f-1f1d1a9b1c55"), badRef.replyTo());
            assertEquals(Optional.empty(), badRef.reference());

            MalformedMessageException noRet = assertThrows(
                    MalformedMessageException.class,
                    () -> OutgoingRequest.parse(utf8(with(OUTGOING_REQUEST, "ret", "7"))));
            assertEquals(Optional.empty(), noRet.replyTo());
            MalformedMessageException notJson =
                    assertThrows(MalformedMessageException.class, () -> OutgoingRequest.parse(utf8("{\"ret\":\"q\",")));
            assertEquals(Optional.empty(), notJson.replyTo());
        }
    }

    @Nested
    class Formatting {

        @Test
        void whitespaceBetweenTokensIsAccepted() throws Exception {
            // json.dumps (Python) puts a space after ':' and ','; pretty printers add newlines
            String spaced = " {\n\t\"ver\": 1, \"ref\": \"job-1\",\r\n \"cmd\": \"zos.system.version\", \"exp\": 120,"
                    + " \"dat\": \"e30=\", \"tag\": null, \"dst\": [ 12 , 13 ], \"ret\": "
                    + "\"7b0d2d5e-6a56-4a0c-9a2f-1f1d1a9b1c55\", \"shm\": \"application/json\", \"now\": 1700000000 } \n";
            assertEquals(
                    OUTGOING_REQUEST, text(OutgoingRequest.parse(utf8(spaced)).toJson()));
        }

        @Test
        void memberOrderOfTheInputDoesNotMatter() throws Exception {
            String reordered = "{\"now\":1700000000,\"shm\":\"application/json\",\"ret\":"
                    + "\"7b0d2d5e-6a56-4a0c-9a2f-1f1d1a9b1c55\",\"dst\":[12,13],\"tag\":null,\"dat\":\"e30=\","
                    + "\"exp\":120,\"cmd\":\"zos.system.version\",\"ref\":\"job-1\",\"ver\":1}";
            assertEquals(
                    OUTGOING_REQUEST,
                    text(OutgoingRequest.parse(utf8(reordered)).toJson()));
        }
    }
}
