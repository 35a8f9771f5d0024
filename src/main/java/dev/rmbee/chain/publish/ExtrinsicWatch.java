package dev.rmbee.chain.publish;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.chain.extrinsic.SignedExtrinsic;
import dev.rmbee.chain.rpc.ExtrinsicStatus;
import dev.rmbee.chain.rpc.RpcErrorException;
import dev.rmbee.chain.rpc.Subscription;
import dev.rmbee.chain.rpc.SubstrateApi;
import dev.rmbee.chain.tfgrid.ChainEvent;
import dev.rmbee.chain.tfgrid.EventRecord;
import dev.rmbee.chain.tfgrid.Phase;
import dev.rmbee.chain.tfgrid.StorageKeys;
import dev.rmbee.chain.tfgrid.SystemEvents;
import dev.rmbee.chain.twins.ChainRuntime;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Submits one signed extrinsic and follows it until it is finalized (chain.md §2), then finds it
 * in its block and reads its outcome from the events of its phase: {@code ExtrinsicSuccess}, or
 * {@code ExtrinsicFailed} with the error's name from the metadata. A refusal by the node (1010,
 * 1011), a final status other than finalized, or no finality within the timeout fails it.
 */
final class ExtrinsicWatch {

    private final SubstrateApi api;
    private final ChainRuntime runtime;
    private final Duration timeout;

    ExtrinsicWatch(SubstrateApi api, ChainRuntime runtime, Duration timeout) {
        this.api = api;
        this.runtime = runtime;
        this.timeout = timeout;
    }

    CompletableFuture<PublishOutcome> submit(SignedExtrinsic extrinsic) {
        CompletableFuture<byte[]> finalized = new CompletableFuture<>();
        CompletableFuture<Subscription> watch =
                api.submitAndWatch(extrinsic.encode(), status -> onStatus(status, finalized));
        watch.whenComplete((subscription, failure) -> {
            if (failure != null) {
                finalized.completeExceptionally(failure);
            }
        });
        return finalized
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((block, failure) -> watch.thenAccept(Subscription::cancel))
                .thenCompose(block -> outcome(extrinsic, block))
                .exceptionally(failure -> PublishOutcome.failed(refusal(AsyncResults.unwrap(failure))));
    }

    private static void onStatus(ExtrinsicStatus status, CompletableFuture<byte[]> finalized) {
        if (status.kind() == ExtrinsicStatus.Kind.FINALIZED) {
            finalized.complete(status.hash().orElseThrow());
        } else if (status.kind().isFinal()) {
            finalized.completeExceptionally(new IllegalStateException(
                    "the node reported the extrinsic " + status.kind().wireName()));
        }
    }

    private CompletableFuture<PublishOutcome> outcome(SignedExtrinsic extrinsic, byte[] block) {
        CompletableFuture<List<byte[]>> body = api.blockExtrinsics(block).thenApply(found -> found.orElse(List.of()));
        CompletableFuture<byte[]> events =
                api.storage(StorageKeys.systemEvents(), block).thenApply(value -> value.orElse(new byte[] {0}));
        return body.thenCombine(events, (extrinsics, value) -> {
            int index = indexOf(extrinsics, extrinsic.encode());
            if (index < 0) {
                return PublishOutcome.failed(
                        "finalized block 0x" + HexFormat.of().formatHex(block) + " does not hold the extrinsic");
            }
            return outcomeAt(index, SystemEvents.decode(value, runtime.metadata(), runtime.shapes()), block);
        });
    }

    private static PublishOutcome outcomeAt(int index, List<EventRecord> records, byte[] block) {
        Phase phase = Phase.applyExtrinsic(index);
        String where = "extrinsic " + index + " of block 0x" + HexFormat.of().formatHex(block);
        for (EventRecord record : records) {
            if (!record.phase().equals(phase)) {
                continue;
            }
            if (record.typed() instanceof ChainEvent.ExtrinsicSuccess) {
                return PublishOutcome.published(where);
            }
            if (record.typed() instanceof ChainEvent.ExtrinsicFailed failed) {
                return PublishOutcome.failed("the chain refused it: " + failed.error() + " (" + where + ")");
            }
        }
        return PublishOutcome.failed("no outcome event for " + where);
    }

    private static int indexOf(List<byte[]> extrinsics, byte[] mine) {
        for (int i = 0; i < extrinsics.size(); i++) {
            if (Arrays.equals(extrinsics.get(i), mine)) {
                return i;
            }
        }
        return -1;
    }

    private String refusal(Throwable failure) {
        if (failure instanceof RpcErrorException refused) {
            return "the node refused it: " + refused.getMessage();
        }
        if (failure instanceof TimeoutException) {
            return "not finalized within " + timeout.toSeconds() + " s";
        }
        return AsyncResults.describe(failure);
    }
}
