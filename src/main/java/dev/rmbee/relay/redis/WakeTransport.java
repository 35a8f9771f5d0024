package dev.rmbee.relay.redis;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * How {@link WakeChannel} publishes and subscribes: through Redisson's topics ({@link
 * RedissonWakeTransport}), or through the hot path's RESP client and a subscribed connection of
 * its own ({@link RespWakeTransport}), as {@code rmb.redis.hot-client} says.
 */
interface WakeTransport {

    /** {@code PUBLISH channel message}; the stage fails when Redis did not take it. */
    CompletionStage<?> publish(String channel, String message);

    /**
     * Subscribes to {@code channels} until the subscription is closed, retrying until it works.
     *
     * @param onMessage hears every message (its channel, its text); must be quick
     * @param onSubscribed runs when the channels are subscribed, the first time and after every
     *     re-subscription (publications may have been missed meanwhile)
     */
    Subscription subscribe(List<String> channels, BiConsumer<String, String> onMessage, Runnable onSubscribed);

    /** A subscription, until closed. */
    interface Subscription {

        /** Unsubscribes; completes when that is done (or could not be, Redis being away). */
        CompletionStage<Void> close();
    }
}
