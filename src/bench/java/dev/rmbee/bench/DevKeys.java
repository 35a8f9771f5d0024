package dev.rmbee.bench;

import dev.rmbee.identity.KeyType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The Substrate dev keys and payload the benchmarks share. */
final class DevKeys {

    /** sr25519 dev twin. */
    static final String ALICE = "//Alice";
    /** ed25519 dev twin. */
    static final String CHARLIE = "//Charlie";

    static final String BOB = "//Bob";

    static final int PAYLOAD_SIZE = 1024;

    private DevKeys() {}

    /** The dev secret benchmarked for a key type: //Alice for sr25519, //Charlie for ed25519. */
    static String secretOf(KeyType type) {
        return type == KeyType.SR25519 ? ALICE : CHARLIE;
    }

    /** The twin id of that secret in demo/twins.json: alice 1, charlie 3. */
    static int twinOf(KeyType type) {
        return type == KeyType.SR25519 ? 1 : 3;
    }

    /** 1 KiB of JSON, as a request payload would be. */
    static byte[] payload() {
        byte[] json = new byte[PAYLOAD_SIZE];
        Arrays.fill(json, (byte) 'x');
        byte[] head = "{\"data\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, json, 0, head.length);
        json[PAYLOAD_SIZE - 2] = '"';
        json[PAYLOAD_SIZE - 1] = '}';
        return json;
    }
}
