package dev.rmbee.chain.extrinsic;

import dev.rmbee.chain.scale.ScaleWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The arguments of {@code TfgridModule.update_twin(relay: Option<Bytes>, pk: Option<Bytes>)} (chain.md §4): the
 * call sets both fields, so a {@code null} (None) clears one. {@code create_twin} takes the same arguments, so
 * {@link #encode(CallIndex)} with its index encodes that call too.
 */
public final class UpdateTwin {

    private final byte[] relay;
    private final byte[] pk;

    /**
     * @param relay the relay value (see {@link RelayValue}) or {@code null} for None
     * @param pk    the twin's 33-byte e2e public key or {@code null} for None
     */
    public UpdateTwin(String relay, byte[] pk) {
        this(relay == null ? null : relay.getBytes(StandardCharsets.UTF_8), pk);
    }

    public UpdateTwin(byte[] relay, byte[] pk) {
        this.relay = relay == null ? null : relay.clone();
        this.pk = pk == null ? null : pk.clone();
    }

    public Optional<byte[]> relay() {
        return Optional.ofNullable(relay).map(byte[]::clone);
    }

    public Optional<byte[]> pk() {
        return Optional.ofNullable(pk).map(byte[]::clone);
    }

    /** What the runtime would refuse in these arguments ({@link RelayRules}), or empty when it accepts them. */
    public Optional<String> problem() {
        Optional<String> relayProblem = relay == null ? Optional.empty() : RelayRules.relayProblem(relay);
        return relayProblem.isPresent() || pk == null ? relayProblem : RelayRules.pkProblem(pk);
    }

    /** The call's bytes: {@code pallet ‖ call ‖ Option<Bytes> relay ‖ Option<Bytes> pk}. */
    public byte[] encode(CallIndex index) {
        return new ScaleWriter()
                .u8(index.pallet())
                .u8(index.call())
                .optionalByteVec(relay)
                .optionalByteVec(pk)
                .toByteArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UpdateTwin that && Arrays.equals(relay, that.relay) && Arrays.equals(pk, that.pk);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(relay) + Arrays.hashCode(pk);
    }

    @Override
    public String toString() {
        String shownRelay = relay == null ? "None" : '"' + new String(relay, StandardCharsets.UTF_8) + '"';
        String shownPk = pk == null ? "None" : pk.length + " bytes";
        return "UpdateTwin[relay " + shownRelay + ", pk " + shownPk + "]";
    }
}
