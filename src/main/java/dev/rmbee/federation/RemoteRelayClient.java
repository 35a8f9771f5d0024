package dev.rmbee.federation;

import java.util.concurrent.CompletionStage;

/** Sends an envelope to another relay's federation ingress ({@code POST /}, relay.md §7.4, §7.6). */
public interface RemoteRelayClient {

    /**
     * POSTs {@code body} to the relay at {@code domain} (a host name or address, optionally with
     * {@code :port}). Completes with the HTTP status of the answer; fails on a transport error
     * or a timeout.
     */
    CompletionStage<Integer> post(String domain, byte[] body);
}
