package dev.rmbee.chain.rpc;

import jakarta.json.JsonValue;

/** What rmb-ee reads of a block header: its number and its parent's hash (32 bytes). */
public record Header(long number, byte[] parentHash) {

    static Header of(JsonValue value, String what) {
        return new Header(
                ChainValues.number(ChainValues.member(value, "number", what), what + ".number"),
                ChainValues.requiredHash(ChainValues.member(value, "parentHash", what), what + ".parentHash"));
    }
}
