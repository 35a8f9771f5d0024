package dev.rmbee.bench;

import com.google.protobuf.ByteString;
import dev.rmbee.identity.InvalidSignatureException;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Address;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Request;
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
 * A whole envelope, as a sender signs it and a receiving peer checks it: challenge text, MD5,
 * signature. The envelope is a request shaped like the official client's (tags "", schema, relays)
 * with a 1 KiB plain payload.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvelopeBench {

    @Param({"sr25519", "ed25519"})
    public String keyType;

    private Signer signer;
    private byte[] account;
    private Envelope.Builder unsigned;
    private Envelope signed;

    @Setup
    @SuppressWarnings("deprecation") // the official client still fills the deprecated relays, and signs them
    public void envelope() throws InvalidSignatureException {
        KeyType type = KeyType.parse(keyType);
        signer = SubstrateKeys.signer(DevKeys.secretOf(type), type);
        account = signer.publicKey();
        unsigned = Envelope.newBuilder()
                .setUid(Uids.next())
                .setTags("")
                .setTimestamp(1_700_000_000L)
                .setExpiration(60)
                .setSource(Address.newBuilder().setTwin(DevKeys.twinOf(type)).setConnection("bench"))
                .setDestination(Address.newBuilder().setTwin(2))
                .setRequest(Request.newBuilder().setCommand("zos.deployment.get"))
                .setSchema("application/json")
                .setPlain(ByteString.copyFrom(DevKeys.payload()))
                .addRelays("relay.example.org");
        signed = EnvelopeSignatures.sign(unsigned, signer);
        EnvelopeSignatures.verify(signed, account);
    }

    @Benchmark
    public Envelope sign() {
        return EnvelopeSignatures.sign(unsigned, signer);
    }

    @Benchmark
    public Envelope verify() throws InvalidSignatureException {
        EnvelopeSignatures.verify(signed, account);
        return signed;
    }
}
