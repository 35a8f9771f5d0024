package dev.rmbee.bench.peer;

import dev.rmbee.bench.load.Options;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.e2e.E2eKey;
import dev.rmbee.identity.secret.SubstrateKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The {@code registry} command ({@link PeerLoad}): the benchmark's twins, 20 (the requester) and 21
 * (the responder), sr25519, relays {@code localhost}, with their e2e keys ({@code --out}) and
 * without ({@code --plain-out}).
 */
final class PeerTwinsFile {

    private PeerTwinsFile() {}

    static void write(Options options) throws IOException {
        Path out = Path.of(options.string("out", null));
        Files.writeString(out, twins(true));
        String plain = options.string("plain-out", "");
        if (!plain.isEmpty()) {
            Files.writeString(Path.of(plain), twins(false));
        }
    }

    private static String twins(boolean withPk) {
        StringBuilder json = new StringBuilder("{\"twins\":[\n");
        String[][] twins = {
            {Integer.toString(PeerLoad.REQUESTER), PeerLoad.REQUESTER_SECRET},
            {Integer.toString(PeerLoad.RESPONDER), PeerLoad.RESPONDER_SECRET}
        };
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < twins.length; i++) {
            String secret = twins[i][1];
            String account =
                    hex.formatHex(SubstrateKeys.signer(secret, KeyType.SR25519).publicKey());
            String pk = withPk
                    ? "\"0x"
                            + hex.formatHex(
                                    E2eKey.fromSecret(secret, KeyType.SR25519).publicKey()) + "\""
                    : "null";
            json.append("  {\"id\":")
                    .append(twins[i][0])
                    .append(",\"uri\":\"")
                    .append(secret)
                    .append("\",\"keyType\":\"sr25519\",\"account\":\"0x")
                    .append(account)
                    .append("\",\"relays\":[\"localhost\"],\"pk\":")
                    .append(pk)
                    .append('}')
                    .append(i + 1 < twins.length ? ",\n" : "\n");
        }
        return json.append("]}\n").toString();
    }
}
