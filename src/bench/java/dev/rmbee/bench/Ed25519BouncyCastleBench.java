package dev.rmbee.bench;

import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.wire.EnvelopeChallenge;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The baseline of {@code SignatureBench.verify} and {@code ManyKeysSignatureBench.verify} for
 * ed25519: BouncyCastle's {@code Ed25519.verify}, which {@code SignatureVerifier} called before it
 * had tables for known keys, on one key again and again ({@code keys = 1}) or 8,192 keys in turn.
 * Run it in the same JMH run as those two and read the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519BouncyCastleBench {

    @Param({"1", "8192"})
    public int keys;

    private byte[][] accounts;
    private byte[][] signatures;
    private byte[] digest;
    private int next;

    @Setup
    public void keys() {
        digest = EnvelopeChallenge.md5("an envelope challenge".getBytes(StandardCharsets.US_ASCII));
        accounts = new byte[keys][];
        signatures = new byte[keys][];
        for (int i = 0; i < keys; i++) {
            Signer signer = SubstrateKeys.signer(String.format("0x%064x", i + 1), KeyType.ED25519);
            accounts[i] = signer.publicKey();
            signatures[i] = Arrays.copyOfRange(signer.sign(digest), 1, 65);
            if (!Ed25519.verify(signatures[i], 0, accounts[i], 0, digest, 0, digest.length)) {
                throw new IllegalStateException("a benchmark signature does not verify");
            }
        }
    }

    @Benchmark
    public boolean verify() {
        int i = next;
        next = (i + 1) % keys;
        return Ed25519.verify(signatures[i], 0, accounts[i], 0, digest, 0, digest.length);
    }
}
