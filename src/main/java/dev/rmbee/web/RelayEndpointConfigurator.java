package dev.rmbee.web;

import jakarta.enterprise.inject.spi.CDI;
import java.util.function.Supplier;

/**
 * The relay endpoint's configurator: records each upgrade's remote address on its socket ({@link
 * HandshakeAddress}) and gives every connection the same {@link RelayEndpoint}, made by CDI once.
 * Liberty's default configurator makes a CDI-managed endpoint per connection (a bean lookup, a
 * creational context, three injected proxies), a cost paid by every twin that connects: about 5 % of
 * the server's CPU per connection in the relay benchmark's profile (docs/benchmarks.md). The
 * endpoint keeps no state of its own, so one instance serves all sockets.
 */
public final class RelayEndpointConfigurator extends HandshakeAddress.Configurator {

    private final Supplier<RelayEndpoint> lookup;
    private volatile RelayEndpoint endpoint;

    /** Looks the endpoint up from the application's CDI container, at the first connection. */
    public RelayEndpointConfigurator() {
        this(() -> CDI.current().select(RelayEndpoint.class).get());
    }

    RelayEndpointConfigurator(Supplier<RelayEndpoint> lookup) {
        this.lookup = lookup;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> type) throws InstantiationException {
        if (type != RelayEndpoint.class) {
            return super.getEndpointInstance(type);
        }
        return type.cast(endpoint());
    }

    private RelayEndpoint endpoint() {
        RelayEndpoint made = endpoint;
        if (made == null) {
            synchronized (this) {
                made = endpoint;
                if (made == null) {
                    made = lookup.get();
                    endpoint = made;
                }
            }
        }
        return made;
    }
}
