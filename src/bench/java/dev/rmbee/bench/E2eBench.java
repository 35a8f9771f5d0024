package dev.rmbee.bench;

import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.e2e.E2eException;
import dev.rmbee.identity.e2e.E2eKey;
import dev.rmbee.identity.secret.SubstrateKeys;
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
 * End-to-end encryption of a 1 KiB payload from //Alice to //Bob and its decryption by Bob.
 * {@link E2eKey} remembers the shared key of a peer it has met, so {@code encrypt} and {@code decrypt}
 * measure a message between twins that exchanged one before: AES-256-GCM (encrypt also draws a
 * random nonce). {@code encryptFirstContact} is the first message to a peer: a fresh Alice key
 * (deriving its public key, a fixed-base multiplication), whose encryption computes the secp256k1
 * ECDH and SHA-256 before the AES.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class E2eBench {

    private byte[] aliceSecret;
    private E2eKey alice;
    private E2eKey bob;
    private byte[] alicePk;
    private byte[] bobPk;
    private byte[] plaintext;
    private byte[] cipher;

    @Setup
    public void keys() throws E2eException {
        aliceSecret = SubstrateKeys.seed(DevKeys.ALICE, KeyType.SR25519);
        alice = E2eKey.fromSecretKey(aliceSecret);
        bob = E2eKey.fromSecret(DevKeys.BOB, KeyType.SR25519);
        alicePk = alice.publicKey();
        bobPk = bob.publicKey();
        plaintext = DevKeys.payload();
        cipher = alice.encrypt(bobPk, plaintext);
        if (!Arrays.equals(plaintext, bob.decrypt(alicePk, cipher))) {
            throw new IllegalStateException("the benchmark cipher does not decrypt");
        }
    }

    @Benchmark
    public byte[] encrypt() throws E2eException {
        return alice.encrypt(bobPk, plaintext);
    }

    @Benchmark
    public byte[] encryptFirstContact() throws E2eException {
        return E2eKey.fromSecretKey(aliceSecret).encrypt(bobPk, plaintext);
    }

    @Benchmark
    public byte[] decrypt() throws E2eException {
        return bob.decrypt(alicePk, cipher);
    }
}
