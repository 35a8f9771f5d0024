package dev.rmbee.bench;

import dev.rmbee.identity.sr25519.ElisabethSchnorrkel;
import dev.rmbee.identity.sr25519.Sr25519;
import dev.rmbee.wire.EnvelopeChallenge;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * sr25519 signing on elisabeth's group and scalars, the project's signer until 2026-12-04 (kept in
 * the tests as their reference), to compare in the same run with {@link SignatureBench#sign}: the
 * same 16-byte digest, a 64-byte signature (without the one-byte prefix).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ElisabethSignatureBench {

    private ElisabethSchnorrkel key;
    private byte[] digest;

    @Setup
    public void key() {
        byte[] miniSecret = new byte[32];
        Arrays.fill(miniSecret, (byte) 7);
        key = ElisabethSchnorrkel.fromMiniSecret(miniSecret);
        digest = EnvelopeChallenge.md5("an envelope challenge".getBytes(StandardCharsets.US_ASCII));
        if (!Sr25519.verify(key.publicKey(), digest, key.sign(digest))) {
            throw new IllegalStateException("the benchmark signature does not verify");
        }
    }

    @Benchmark
    public byte[] sign() {
        return key.sign(digest);
    }
}
