package dev.rmbee.peer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON that the reference's own tools and SDK put on the lists, as they write it, read by our
 * parser: the Python tester ({@code tools/rmb_tester} in rmb-rs: {@code json.dumps} with its default
 * separators and ASCII escapes) and rmb-sdk-go's client and router ({@code encoding/json}, struct
 * member order, HTML-safe escapes).
 */
class ReferenceClientShapesTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pythonTesterRequest() throws Exception {
        // rmb_tester.py: no "tag", "ref" empty, a space after every ':' and ','
        String json = "{\"ver\": 1, \"ref\": \"\", \"cmd\": \"testme\", \"exp\": 120, \"dat\": \"QUJDMTIzw6k=\", "
                + "\"dst\": [2, 3], \"ret\": \"0d7c2f8e-2b1a-4c55-9d0e-6f1b2a3c4d5e\", \"shm\": \"application/json\", "
                + "\"now\": 1700000000}";
        OutgoingRequest request = OutgoingRequest.parse(utf8(json));
        assertEquals(
                new OutgoingRequest(
                        1,
                        "",
                        "testme",
                        120,
                        "QUJDMTIzw6k=",
                        null,
                        List.of(2, 3),
                        "0d7c2f8e-2b1a-4c55-9d0e-6f1b2a3c4d5e",
                        "application/json",
                        1700000000L),
                request);
        assertEquals("ABC123é", new String(Base64Data.decode(request.data()), StandardCharsets.UTF_8));
    }

    @Test
    void pythonEchoHandlerResponse() throws Exception {
        // msg_handler.py sends the request back with src/dst swapped: extra cmd, exp, ret; no err
        String json = "{\"ver\": 1, \"ref\": \"0c2f5b0e-6c2e-4c4b-9c1a-3e3b4a1f2d10\", \"cmd\": \"testme\", "
                + "\"exp\": 118, \"dat\": \"QUJDMTIzw6k=\", \"dst\": \"1\", \"ret\": \"msgbus.system.reply\", "
                + "\"shm\": \"application/json\", \"now\": 1700000003}";
        OutgoingResponse response = OutgoingResponse.parse(utf8(json));
        assertEquals(
                new OutgoingResponse(
                        1,
                        "0c2f5b0e-6c2e-4c4b-9c1a-3e3b4a1f2d10",
                        "QUJDMTIzw6k=",
                        "1",
                        "application/json",
                        1700000003L,
                        null),
                response);
    }

    @Test
    void pythonAsciiEscapes() throws Exception {
        String json = "{\"ver\": 1, \"ref\": \"\\u00e9\\u2028<>\", \"cmd\": \"t\", \"exp\": 1, \"dat\": \"\", "
                + "\"dst\": [], \"ret\": \"r\", \"shm\": null, \"now\": 0}";
        assertEquals("é\u2028<>", OutgoingRequest.parse(utf8(json)).reference());
    }

    @Test
    void goClientRequest() throws Exception {
        // rmb-sdk-go Client.Call: every member, "ref" empty, "now" 0 (= now)
        String json = "{\"ver\":1,\"ref\":\"\",\"cmd\":\"zos.system.version\",\"exp\":300,\"dat\":\"bnVsbA==\","
                + "\"dst\":[12],\"ret\":\"b1f7c7d2-0f5e-4f4e-8f58-8d0c9d6f0a11\",\"shm\":\"application/json\",\"now\":0}";
        OutgoingRequest request = OutgoingRequest.parse(utf8(json));
        assertEquals(List.of(12), request.destinations());
        assertEquals(0, request.timestamp());
        assertNull(request.tags());
    }

    @Test
    void goRouterResponses() throws Exception {
        // DefaultRouter: "err" left out when nil; "shm" is "" when the request had none
        String success = "{\"ver\":1,\"ref\":\"0c2f5b0e\",\"dat\":\"eyJhIjoiXHUwMDNjYlx1MDAzZSJ9\",\"dst\":\"7:abc\","
                + "\"shm\":\"\",\"now\":1700000003}";
        OutgoingResponse response = OutgoingResponse.parse(utf8(success));
        assertEquals("7:abc", response.destination());
        assertEquals("", response.schema());
        assertNull(response.error());
        String failure =
                "{\"ver\":1,\"ref\":\"0c2f5b0e\",\"dat\":\"bnVsbA==\",\"dst\":\"7\",\"shm\":\"application/json\","
                        + "\"now\":1700000003,\"err\":{\"code\":255,\"message\":\"function not found \\u003cx\\u003e\"}}";
        assertEquals(
                new ResponseError(255, "function not found <x>"),
                OutgoingResponse.parse(utf8(failure)).error());
    }

    @Test
    void whatGoAndPythonReadFromUsHasTheirMembers() throws Exception {
        // Go's Incoming / IncomingResponse and Python's Message.from_json read these members by name
        IncomingRequest request = new IncomingRequest(
                1, "uid", "7:abc", "zos.system.version", 118, "e30=", null, "msgbus.system.reply", null, 1700000002L);
        String json = new String(request.toJson(), StandardCharsets.UTF_8);
        assertEquals(
                "{\"ver\":1,\"ref\":\"uid\",\"src\":\"7:abc\",\"cmd\":\"zos.system.version\",\"exp\":118,"
                        + "\"dat\":\"e30=\",\"tag\":null,\"ret\":\"msgbus.system.reply\",\"shm\":null,\"now\":1700000002}",
                json);
    }
}
