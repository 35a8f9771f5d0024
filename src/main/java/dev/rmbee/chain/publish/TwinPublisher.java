package dev.rmbee.chain.publish;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.chain.account.Ss58;
import dev.rmbee.chain.extrinsic.CallIndex;
import dev.rmbee.chain.extrinsic.RelayRules;
import dev.rmbee.chain.extrinsic.RelayValue;
import dev.rmbee.chain.extrinsic.SignedExtrinsic;
import dev.rmbee.chain.extrinsic.SigningPayload;
import dev.rmbee.chain.extrinsic.UpdateTwin;
import dev.rmbee.chain.twins.ChainRuntime;
import dev.rmbee.chain.twins.ChainTwins;
import dev.rmbee.identity.Signer;
import dev.rmbee.registry.Twin;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes a peer's relays and e2e key on its twin, as rmb-peer does, so that replacing one with
 * the other changes nothing on chain: the relays as the host names of the relay URLs (no scheme, no
 * port) joined by {@code _}, compared with the chain's as sets; the 33-byte e2e key compared as
 * bytes. Only when one differs: a value the chain would refuse is refused here (no fee paid), else
 * one {@code update_twin} signed with the twin's key (immortal era, no tip, the account's next
 * nonce) is submitted and followed until finalized.
 */
public final class TwinPublisher {

    private final ChainTwins chain;
    private final Duration timeout;

    /** @param timeout how long a submitted update may take to be finalized */
    public TwinPublisher(ChainTwins chain, Duration timeout) {
        this.chain = chain;
        this.timeout = timeout;
    }

    /** The relay value a peer with these relay URLs publishes, checked against the chain's rules. */
    public static String relayValue(List<URI> relays) {
        String value = RelayValue.of(relays);
        RelayRules.relayProblem(value).ifPresent(problem -> {
            throw new IllegalArgumentException(problem + " (rmb.peer.relays: " + relays + ")");
        });
        return value;
    }

    public CompletableFuture<PublishOutcome> publish(int twinId, Signer signer, List<URI> relays, byte[] pk) {
        String relay;
        try {
            relay = relayValue(relays);
            RelayRules.pkProblem(pk).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
        } catch (IllegalArgumentException refused) {
            return CompletableFuture.completedFuture(PublishOutcome.failed(refused.getMessage()));
        }
        return chain.chain()
                .lookup(twinId)
                .thenCompose(onChain -> publishIfChanged(twinId, onChain, signer, relay, pk))
                .exceptionally(failure -> PublishOutcome.failed(AsyncResults.describe(AsyncResults.unwrap(failure))));
    }

    private CompletableFuture<PublishOutcome> publishIfChanged(
            int twinId, Optional<Twin> onChain, Signer signer, String relay, byte[] pk) {
        String twin = "twin " + Integer.toUnsignedString(twinId);
        if (onChain.isEmpty()) {
            return CompletableFuture.completedFuture(PublishOutcome.failed(twin + " is not on the chain"));
        }
        if (!Arrays.equals(onChain.get().account(), signer.publicKey())) {
            return CompletableFuture.completedFuture(
                    PublishOutcome.failed(twin + " belongs to another account than this peer's key"));
        }
        Set<String> wanted = RelayValue.hosts(relay);
        if (onChain.get().relays().equals(wanted) && Arrays.equals(onChain.get().pk(), pk)) {
            return CompletableFuture.completedFuture(
                    PublishOutcome.unchanged(twin + " already has relays " + wanted + " and this e2e key"));
        }
        ChainRuntime runtime = chain.runtime();
        if (runtime == null) {
            return CompletableFuture.completedFuture(PublishOutcome.failed("the chain's runtime is not read yet"));
        }
        byte[] call = new UpdateTwin(relay, pk)
                .encode(new CallIndex(
                        runtime.shapes().tfgridPallet(), runtime.shapes().updateTwinCall()));
        return chain.api()
                .accountNextIndex(Ss58.encode(signer.publicKey()))
                .thenApply(
                        nonce -> SignedExtrinsic.sign(SigningPayload.immortal(call, nonce, runtime.context()), signer))
                .thenCompose(extrinsic -> new ExtrinsicWatch(chain.api(), runtime, timeout).submit(extrinsic))
                .thenApply(outcome -> outcome.failed()
                        ? outcome
                        : PublishOutcome.published(
                                twin + " now has relays " + wanted + " and this e2e key (" + outcome.detail() + ")"));
    }
}
