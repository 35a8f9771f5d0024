package dev.rmbee.web;

import dev.rmbee.federation.InboundFederation;
import dev.rmbee.federation.IngressBody;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.metrics.FederationCounters;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /}: envelopes other relays forward to this one (federation ingress), as a plain
 * servlet mapped to the context root alone (the empty pattern, which wins over the JAX-RS
 * application's {@code /*}; a WebSocket upgrade on {@code /} is taken by the container before any
 * servlet). The remote address is admitted first, then the body is read up to the same size cap as
 * WebSocket messages ({@link IngressBody}: a larger declared length is refused unread); the checks
 * live in {@link InboundFederation}. The answer is written on the request's thread when the checks
 * completed there (the embedded backend), else the request is suspended until they complete.
 * {@code GET /} without an upgrade answers like any unknown page; other methods 405.
 */
@WebServlet(urlPatterns = "", asyncSupported = true)
public class FederationServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(FederationServlet.class.getName());
    /** Other relays set the rate: once a minute, with a count. */
    private static final LogThrottle FAILURES = LogThrottle.perInterval();

    static final String ALLOW = "GET, HEAD, POST";

    @Inject
    transient InboundFederation inbound;

    @Inject
    transient RelaySettings settings;

    @Inject
    transient FederationCounters counters;

    private int maxMessageBytes;

    @Override
    public void init() {
        maxMessageBytes = settings.maxMessageBytes();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        switch (request.getMethod()) {
            case "POST" -> receive(request, response);
            case "GET", "HEAD" -> write(response, 404, PageNotFound.TEXT);
            default -> {
                response.setHeader("Allow", ALLOW);
                write(response, 405, "method not allowed");
            }
        }
    }

    private void receive(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<InboundFederation.Outcome> throttled = inbound.admit(request.getRemoteAddr());
        if (throttled.isPresent()) {
            // before the body is read: an address over its bound costs as little as possible
            answer(response, throttled.get());
            return;
        }
        byte[] envelope;
        try {
            envelope = IngressBody.read(request.getInputStream(), request.getContentLengthLong(), maxMessageBytes);
        } catch (IngressBody.TooLarge e) {
            answer(response, new InboundFederation.Outcome(413, "message too big"));
            return;
        } catch (IOException e) {
            answer(response, new InboundFederation.Outcome(400, "bad request: " + e.getMessage()));
            return;
        }
        CompletableFuture<InboundFederation.Outcome> outcome =
                inbound.accept(envelope).toCompletableFuture();
        if (outcome.isDone()) {
            answer(response, settled(outcome));
            return;
        }
        AsyncContext suspended = request.startAsync();
        outcome.whenComplete((ignored, failure) -> {
            try {
                answer((HttpServletResponse) suspended.getResponse(), settled(outcome));
            } catch (IOException | RuntimeException e) {
                LOG.fine(() -> "federation ingress: could not answer: " + e);
            } finally {
                suspended.complete();
            }
        });
    }

    /** The outcome of a completed check, or 500 when it failed. */
    private static InboundFederation.Outcome settled(CompletableFuture<InboundFederation.Outcome> outcome) {
        try {
            return outcome.join();
        } catch (RuntimeException failure) {
            FAILURES.log(
                    "ingress", LOG, Level.WARNING, LogFields.none(), () -> "federation ingress failed: " + failure);
            return new InboundFederation.Outcome(500, "internal error");
        }
    }

    /** The answer to a federation POST, counted by status. */
    private void answer(HttpServletResponse response, InboundFederation.Outcome outcome) throws IOException {
        counters.received(outcome.status());
        write(response, outcome.status(), outcome.message());
    }

    private static void write(HttpServletResponse response, int status, String message) throws IOException {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(text.length);
        if (text.length > 0) {
            response.getOutputStream().write(text);
        }
    }
}
