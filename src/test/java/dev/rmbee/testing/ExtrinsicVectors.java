package dev.rmbee.testing;

import dev.rmbee.chain.extrinsic.CallIndex;
import dev.rmbee.chain.extrinsic.ChainContext;
import dev.rmbee.chain.extrinsic.Era;
import dev.rmbee.chain.extrinsic.SigningPayload;
import dev.rmbee.chain.extrinsic.UpdateTwin;
import dev.rmbee.identity.KeyType;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The signed extrinsics of the chain vectors, each with the payload rebuilt from its recorded inputs: the
 * {@code signedExtrinsics} of polkadotjs-spec149.json and every accepted {@code blocks} entry of
 * runtime-spec144.json (whose call is rebuilt from its relay and pk too). The signers are //Alice of the
 * Substrate dev phrase, of the entry's key type.
 */
public final class ExtrinsicVectors {

    public static final String ALICE = "//Alice";
    public static final CallIndex UPDATE_TWIN = new CallIndex(25, 18);

    /**
     * One recorded extrinsic.
     *
     * @param hash       the recorded extrinsic hash, or null where the fixture has none
     * @param signedBytes what the fixture says was signed, or null where it does not say
     * @param signature  the recorded 64-byte signature, or null where the fixture has none apart
     */
    public record Case(
            String name,
            KeyType type,
            byte[] signer,
            SigningPayload payload,
            byte[] expectedPayload,
            byte[] signedBytes,
            byte[] signature,
            byte[] extrinsic,
            byte[] hash) {}

    private ExtrinsicVectors() {}

    public static List<Case> all() {
        List<Case> cases = new ArrayList<>(polkadotJs());
        cases.addAll(runtimeBlocks());
        return cases;
    }

    public static List<Case> polkadotJs() {
        JsonObject vectors = Vectors.load("chain/polkadotjs-spec149.json");
        JsonObject source = vectors.getJsonObject("source");
        List<Case> cases = new ArrayList<>();
        List<JsonObject> entries = vectors.getJsonArray("signedExtrinsics").getValuesAs(JsonObject.class);
        for (int i = 0; i < entries.size(); i++) {
            JsonObject entry = entries.get(i);
            ChainContext chain = new ChainContext(
                    source.getInt("specVersion"), source.getInt("txVersion"), hex(entry, "genesisHash"));
            SigningPayload payload = new SigningPayload(
                    hex(entry, "call"),
                    era(entry.get("era")),
                    entry.getJsonNumber("nonce").longValueExact(),
                    entry.getJsonNumber("tip").longValueExact(),
                    chain,
                    hex(entry, "checkpointHash"));
            cases.add(new Case(
                    "polkadot-js signedExtrinsics[" + i + "]",
                    KeyType.parse(entry.getString("type")),
                    hex(entry, "signer"),
                    payload,
                    hex(entry, "signingPayload"),
                    hex(entry, "signedBytes"),
                    hex(entry, "signature"),
                    hex(entry, "extrinsic"),
                    hex(entry, "extrinsicHash")));
        }
        return cases;
    }

    public static List<Case> runtimeBlocks() {
        JsonObject vectors = Vectors.load("chain/runtime-spec144.json");
        JsonObject runtime = vectors.getJsonObject("runtime");
        ChainContext chain = new ChainContext(
                runtime.getInt("specVersion"), runtime.getInt("transactionVersion"), hex(runtime, "genesisHash"));
        List<Case> cases = new ArrayList<>();
        for (JsonObject block : vectors.getJsonArray("blocks").getValuesAs(JsonObject.class)) {
            if (block.containsKey("number")) {
                cases.add(block(block, chain));
            }
        }
        return cases;
    }

    /** The call of a runtime block entry, rebuilt from its relay and pk. */
    public static byte[] call(JsonObject block) {
        byte[] pk = block.isNull("pk") ? null : hex(block, "pk");
        return new UpdateTwin(block.getString("relay"), pk).encode(UPDATE_TWIN);
    }

    private static Case block(JsonObject block, ChainContext chain) {
        Era recorded = Era.decode(hex(block, "era"));
        Era era =
                block.isNull("eraCurrent") ? Era.immortal() : Era.mortal(recorded.period(), block.getInt("eraCurrent"));
        SigningPayload payload =
                new SigningPayload(call(block), era, block.getInt("nonce"), 0, chain, hex(block, "checkpoint"));
        return new Case(
                "runtime block " + block.getInt("number"),
                KeyType.parse(block.getString("type")),
                hex(block, "signer"),
                payload,
                hex(block, "signingPayload"),
                null,
                null,
                hex(block, "extrinsic"),
                null);
    }

    private static Era era(JsonValue value) {
        if (value.getValueType() == JsonValue.ValueType.STRING) {
            if (!((JsonString) value).getString().equals("immortal")) {
                throw new AssertionError("unknown era " + value);
            }
            return Era.immortal();
        }
        JsonObject mortal = value.asJsonObject();
        return Era.mortal(mortal.getInt("period"), mortal.getInt("current"));
    }

    private static byte[] hex(JsonObject object, String key) {
        return Vectors.hex(object.getString(key));
    }
}
