package dev.rmbee.bench.peer;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.identity.InvalidSignatureException;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.e2e.E2eException;
import dev.rmbee.identity.e2e.E2eKey;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Request;
import dev.rmbee.wire.proto.Types.Response;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

/**
 * The crypto floor of one request round trip through two peers, single-threaded, in this JVM:
 * the work neither peer can avoid, done with the classes the peers use.
 *
 * <ol>
 *   <li>requester: encrypt the 1 KiB request for the responder's e2e key, sign the envelope;
 *   <li>responder: parse, verify the requester's signature, decrypt; encrypt the response (the
 *       same payload, as the benchmark's echo service answers) for the requester, sign it;
 *   <li>requester: parse, verify the responder's signature, decrypt.
 * </ol>
 *
 * So per round trip: 2 sign, 2 verify, 2 encrypt, 2 decrypt (each e2e call does the secp256k1
 * ECDH that {@link E2eKey} does per message), plus building and parsing the envelopes ("other").
 * Each step is timed on its own with {@link System#nanoTime()} (≈ 25 ns, against steps of tens
 * to hundreds of µs).
 */
final class PeerCryptoFloor {

    static final String[] STEPS = {"sign", "verify", "encrypt", "decrypt", "other"};

    private final Signer requester;
    private final Signer responder;
    private final byte[] requesterAccount;
    private final byte[] responderAccount;
    private final E2eKey requesterE2e;
    private final E2eKey responderE2e;
    private final byte[] requesterPk;
    private final byte[] responderPk;
    private final int requesterTwin;
    private final int responderTwin;
    private final byte[] payload;
    private final boolean encrypted;

    /** Nanoseconds spent per step, over {@link #roundTrips}. */
    private final long[] nanos = new long[STEPS.length];

    private long roundTrips;

    PeerCryptoFloor(
            String requesterSecret,
            int requesterTwin,
            String responderSecret,
            int responderTwin,
            KeyType type,
            byte[] payload,
            boolean encrypted) {
        this.requester = SubstrateKeys.signer(requesterSecret, type);
        this.responder = SubstrateKeys.signer(responderSecret, type);
        this.requesterAccount = requester.publicKey();
        this.responderAccount = responder.publicKey();
        this.requesterE2e = E2eKey.fromSecret(requesterSecret, type);
        this.responderE2e = E2eKey.fromSecret(responderSecret, type);
        this.requesterPk = requesterE2e.publicKey();
        this.responderPk = responderE2e.publicKey();
        this.requesterTwin = requesterTwin;
        this.responderTwin = responderTwin;
        this.payload = payload.clone();
        this.encrypted = encrypted;
    }

    /**
     * The floor of the benchmark's round trip: requester {@code //PeerA} (twin 20) to responder
     * {@code //PeerB} (twin 21), sr25519, {@code payloadSize} bytes of JSON.
     */
    static PeerCryptoFloor forBench(int payloadSize, boolean encrypted) {
        return new PeerCryptoFloor(
                PeerLoad.REQUESTER_SECRET,
                PeerLoad.REQUESTER,
                PeerLoad.RESPONDER_SECRET,
                PeerLoad.RESPONDER,
                KeyType.SR25519,
                PeerLoad.payload("floor-0000000000", payloadSize),
                encrypted);
    }

    /** A floor's result as a log line: the µs of a round trip and of each step. */
    static String describe(Properties floor) {
        return String.format(
                Locale.ROOT,
                "%s µs per round trip (sign %s, verify %s, encrypt %s, decrypt %s, other %s)",
                floor.getProperty("floor.us"),
                floor.getProperty("floor.sign.us"),
                floor.getProperty("floor.verify.us"),
                floor.getProperty("floor.encrypt.us"),
                floor.getProperty("floor.decrypt.us"),
                floor.getProperty("floor.other.us"));
    }

    /** Runs round trips for {@code warmup} seconds, then measures for {@code duration} seconds. */
    Properties measure(double warmup, double duration) throws Exception {
        long end = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < end) {
            roundTrip();
        }
        Arrays.fill(nanos, 0);
        roundTrips = 0;
        long t0 = System.nanoTime();
        end = t0 + (long) (duration * 1e9);
        while (System.nanoTime() < end) {
            roundTrip();
            roundTrips++;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Properties result = new Properties();
        long total = 0;
        for (int s = 0; s < STEPS.length; s++) {
            total += nanos[s];
            result.setProperty("floor." + STEPS[s] + ".us", format(nanos[s] / 1e3 / roundTrips));
        }
        result.setProperty("floor.round.trips", Long.toString(roundTrips));
        result.setProperty("floor.us", format(total / 1e3 / roundTrips));
        result.setProperty("floor.wall.us", format(seconds * 1e6 / roundTrips));
        result.setProperty("floor.encrypted", Boolean.toString(encrypted));
        return result;
    }

    /** One request and its response, as the two peers handle them. */
    private void roundTrip() throws InvalidProtocolBufferException, InvalidSignatureException, E2eException {
        long a = System.nanoTime();
        // requester: the envelope of a local request (as OutgoingTraffic and EnvelopeWriter build it)
        String uid = Uids.next();
        Envelope.Builder request = Envelope.newBuilder()
                .setUid(uid)
                .setTimestamp(System.currentTimeMillis() / 1000)
                .setExpiration(300)
                .setRequest(Request.newBuilder().setCommand("bench.echo"))
                .setSchema("application/json")
                .setDestination(SessionKey.of(responderTwin).toAddress())
                .setSource(SessionKey.of(requesterTwin).toAddress());
        long b = System.nanoTime();
        if (encrypted) {
            request.setCipher(ByteString.copyFrom(requesterE2e.encrypt(responderPk, payload)));
        } else {
            request.setPlain(ByteString.copyFrom(payload));
        }
        long c = System.nanoTime();
        byte[] requestBytes = EnvelopeSignatures.sign(request, requester).toByteArray();
        long d = System.nanoTime();
        // responder: receives, checks, decrypts
        Envelope received = Envelope.parseFrom(requestBytes);
        long e = System.nanoTime();
        EnvelopeSignatures.verify(received, requesterAccount);
        long f = System.nanoTime();
        byte[] plain = encrypted
                ? responderE2e.decrypt(requesterPk, received.getCipher().toByteArray())
                : received.getPlain().toByteArray();
        long g = System.nanoTime();
        // responder: the service's answer (the same bytes) back to the requester
        Envelope.Builder response = Envelope.newBuilder()
                .setUid(received.getUid())
                .setTimestamp(System.currentTimeMillis() / 1000)
                .setExpiration(1800)
                .setResponse(Response.getDefaultInstance())
                .setSchema("application/json")
                .setDestination(received.getSource())
                .setSource(SessionKey.of(responderTwin).toAddress());
        long h = System.nanoTime();
        if (encrypted) {
            response.setCipher(ByteString.copyFrom(responderE2e.encrypt(requesterPk, plain)));
        } else {
            response.setPlain(ByteString.copyFrom(plain));
        }
        long i = System.nanoTime();
        byte[] responseBytes = EnvelopeSignatures.sign(response, responder).toByteArray();
        long j = System.nanoTime();
        // requester: receives the response, checks, decrypts
        Envelope answer = Envelope.parseFrom(responseBytes);
        long k = System.nanoTime();
        EnvelopeSignatures.verify(answer, responderAccount);
        long l = System.nanoTime();
        byte[] back = encrypted
                ? requesterE2e.decrypt(responderPk, answer.getCipher().toByteArray())
                : answer.getPlain().toByteArray();
        long m = System.nanoTime();
        if (back.length != payload.length) {
            throw new IllegalStateException("the round trip changed the payload");
        }
        nanos[0] += (d - c) + (j - i); // sign
        nanos[1] += (f - e) + (l - k); // verify
        nanos[2] += (c - b) + (i - h); // encrypt (or copy the plain payload)
        nanos[3] += (g - f) + (m - l); // decrypt (or copy)
        nanos[4] += (b - a) + (e - d) + (h - g) + (k - j); // build and parse
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
