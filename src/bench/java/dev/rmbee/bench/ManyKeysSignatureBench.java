package dev.rmbee.bench;

import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.SignatureVerifier;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.wire.EnvelopeChallenge;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link SignatureBench#verify} over 8,192 distinct keys taken in turn: more than sr25519's
 * decoded-key cache holds (2,048 slots), so nearly every check meets a key it has not prepared, as
 * when thousands of twins reconnect at once. {@code SignatureBench.verify} repeats one key, the
 * case of a busy twin or relay. {@code Ed25519BouncyCastleBench} is the ed25519 baseline of both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ManyKeysSignatureBench {

    private static final int KEYS = 8192;

    @Param({"sr25519", "ed25519"})
    public String keyType;

    private final byte[][] accounts = new byte[KEYS][];
    private final byte[][] signatures = new byte[KEYS][];
    private byte[] digest;
    private int next;

    @Setup
    public void keys() {
        digest = EnvelopeChallenge.md5("an envelope challenge".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < KEYS; i++) {
            Signer signer = SubstrateKeys.signer(String.format("0x%064x", i + 1), KeyType.parse(keyType));
            accounts[i] = signer.publicKey();
            signatures[i] = signer.sign(digest);
            if (!SignatureVerifier.isValid(accounts[i], digest, signatures[i])) {
                throw new IllegalStateException("a benchmark signature does not verify");
            }
        }
    }

    @Benchmark
    public boolean verify() {
        int i = next;
        next = (i + 1) % KEYS;
        return SignatureVerifier.isValid(accounts[i], digest, signatures[i]);
    }
}
