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

/** Raw 65-byte prefixed signatures over a 16-byte MD5 digest, which is what RMB signs for an envelope. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureBench {

    @Param({"sr25519", "ed25519"})
    public String keyType;

    private Signer signer;
    private byte[] account;
    private byte[] digest;
    private byte[] signature;

    @Setup
    public void keys() {
        signer = SubstrateKeys.signer(DevKeys.secretOf(KeyType.parse(keyType)), KeyType.parse(keyType));
        account = signer.publicKey();
        digest = EnvelopeChallenge.md5("an envelope challenge".getBytes(StandardCharsets.US_ASCII));
        signature = signer.sign(digest);
        if (digest.length != 16 || !SignatureVerifier.isValid(account, digest, signature)) {
            throw new IllegalStateException("the benchmark signature does not verify");
        }
    }

    @Benchmark
    public byte[] sign() {
        return signer.sign(digest);
    }

    @Benchmark
    public boolean verify() {
        return SignatureVerifier.isValid(account, digest, signature);
    }
}
