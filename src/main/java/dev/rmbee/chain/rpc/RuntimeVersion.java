package dev.rmbee.chain.rpc;

import jakarta.json.JsonValue;

/** What {@code state_getRuntimeVersion} says of the runtime (its other members are not kept). */
public record RuntimeVersion(String specName, long specVersion, long transactionVersion) {

    static RuntimeVersion of(JsonValue value, String what) {
        return new RuntimeVersion(
                ChainValues.string(ChainValues.member(value, "specName", what), what + ".specName"),
                ChainValues.number(ChainValues.member(value, "specVersion", what), what + ".specVersion"),
                ChainValues.number(
                        ChainValues.member(value, "transactionVersion", what), what + ".transactionVersion"));
    }
}
