package dev.rmbee.bench;

import dev.rmbee.auth.AuthenticationException;
import dev.rmbee.auth.RelayTokens;
import dev.rmbee.auth.TokenClaims;
import dev.rmbee.auth.TokenVerifier;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
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
 * What the relay does once per connection: {@link #verify} parses the JWT, checks expiry against a
 * fixed clock, looks the twin up in a {@link LocalTwinRegistry} and verifies the signature over the
 * token text. {@link #parse} is the parsing step alone (base64 and JSON, no signature), to show
 * what the signature adds.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenBench {

    private static final long ISSUED_AT = 1_700_000_000L;

    /** A token of the benchmarked key type and a verifier whose registry holds its twin. */
    @State(Scope.Benchmark)
    public static class Relay {

        @Param({"sr25519", "ed25519"})
        public String keyType;

        TokenVerifier verifier;
        String token;

        @Setup
        public void token() throws AuthenticationException {
            KeyType type = KeyType.parse(keyType);
            Signer signer = SubstrateKeys.signer(DevKeys.secretOf(type), type);
            int twin = DevKeys.twinOf(type);
            LocalTwinRegistry registry = new LocalTwinRegistry(
                    List.of(new Twin(twin, signer.publicKey(), Set.of("relay.example.org"), null)));
            verifier = new TokenVerifier(registry, Clock.fixed(Instant.ofEpochSecond(ISSUED_AT), ZoneOffset.UTC));
            token = RelayTokens.create(signer, twin, "bench-session", ISSUED_AT, ISSUED_AT + 60);
            if (verifier.verify(token).twin() != twin) {
                throw new IllegalStateException("the benchmark token names another twin");
            }
        }
    }

    /** One //Alice token, for the key-type-independent parsing step. */
    @State(Scope.Benchmark)
    public static class AliceToken {

        String token;

        @Setup
        public void token() {
            token = RelayTokens.create(
                    SubstrateKeys.signer(DevKeys.ALICE, KeyType.SR25519),
                    DevKeys.twinOf(KeyType.SR25519),
                    "bench-session",
                    ISSUED_AT,
                    ISSUED_AT + 60);
        }
    }

    @Benchmark
    public TokenClaims verify(Relay relay) throws AuthenticationException {
        return relay.verifier.verify(relay.token);
    }

    @Benchmark
    public RelayTokens.ParsedToken parse(AliceToken alice) throws AuthenticationException {
        return RelayTokens.parse(alice.token);
    }
}
