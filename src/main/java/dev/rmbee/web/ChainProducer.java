package dev.rmbee.web;

import dev.rmbee.chain.tfgrid.UnsupportedChainException;
import dev.rmbee.chain.twins.ChainTwins;
import dev.rmbee.registry.TwinCache;
import dev.rmbee.retry.Backoff;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/**
 * Twins from tfchain when {@code rmb.chain.urls} is set: connects at deployment (a runtime rmb-ee
 * cannot read fails the deployment, naming what differs; unreachable nodes do not) and produces the
 * {@link ChainTwins} — or none — for the registry and the peer.
 */
@ApplicationScoped
public class ChainProducer {

    @Inject
    ChainSettings settings;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ChainTwins chain;

    @PostConstruct
    void start() {
        if (!settings.enabled()) {
            return;
        }
        chain = new ChainTwins(chainSettings(), executor, scheduler, Clock.systemUTC());
        try {
            chain.start();
        } catch (UnsupportedChainException e) {
            chain.close();
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

    @PreDestroy
    void stop() {
        if (chain != null) {
            chain.close();
        }
    }
}
