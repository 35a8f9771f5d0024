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
 * What the relay does once per connection: parse the JWT, check expiry against a fixed clock, look
 * the twin up in a {@link LocalTwinRegistry}, verify the signature over the token text.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenBench {

    private static final long ISSUED_AT = 1_700_000_000L;

    @Param({"sr25519", "ed25519"})
    public String keyType;

    private TokenVerifier verifier;
    private String token;

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

    @Benchmark
    public TokenClaims verify() throws AuthenticationException {
        return verifier.verify(token);
    }
}
