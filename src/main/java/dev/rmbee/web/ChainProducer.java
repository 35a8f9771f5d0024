package dev.rmbee.web;

import dev.rmbee.chain.tfgrid.UnsupportedChainException;
import dev.rmbee.chain.twins.ChainTwins;
import dev.rmbee.registry.TwinCache;
import dev.rmbee.retry.Backoff;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Twins from tfchain when {@code rmb.chain.urls} is set: connects at deployment (a runtime rmb-ee
 * cannot read fails the deployment, naming what differs; unreachable nodes do not) and produces the
 * {@link ChainTwins} — or none — for the registry and the peer.
 */
@ApplicationScoped
public class ChainProducer {

    private static final AtomicInteger THREADS = new AtomicInteger();

    @Inject
    ChainSettings settings;

    private ChainTwins chain;
    private ScheduledExecutorService threads;

    @PostConstruct
    void start() {
        if (!settings.enabled()) {
            return;
        }
        // threads of its own, not the managed executors: their tasks wait for the application to finish
        // starting, and the peer's start waits for the chain (a deadlock seen on a real runtime)
        threads = Executors.newScheduledThreadPool(2, ChainProducer::daemon);
        chain = new ChainTwins(chainSettings(), threads, threads, Clock.systemUTC());
        try {
            chain.start();
        } catch (UnsupportedChainException e) {
            stop();
            throw new IllegalStateException("rmb.chain.urls: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to tfchain", e);
        }
    }

    private ChainTwins.Settings chainSettings() {
        return new ChainTwins.Settings(
                settings.urls(),
                new TwinCache.Limits(
                        settings.cacheSize(), settings.cacheTtl(), settings.absentSize(), settings.absentTtl()),
                settings.lookupTimeout(),
                settings.connectTimeout(),
                settings.headTimeout(),
                settings.catchupThreshold(),
                new Backoff("rmb.chain.reconnect", settings.reconnectInitial(), settings.reconnectMax()));
    }

    @Produces
    Optional<ChainTwins> chain() {
        return Optional.ofNullable(chain);
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "tfchain-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    @PreDestroy
    void stop() {
        if (chain != null) {
            chain.close();
        }
        if (threads != null) {
            threads.shutdownNow();
        }
    }
}
