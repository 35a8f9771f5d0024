package dev.rmbee.web;

import dev.rmbee.federation.InboundFederation;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.metrics.FederationCounters;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /}: envelopes other relays forward to this one (federation ingress). The body is
 * read up to the same size cap as WebSocket messages, once the remote address was admitted (its
 * bound is checked first); the checks live in {@link InboundFederation}.
 * {@code GET /} without an upgrade answers like any unknown page.
 */
@Path("/")
public class FederationResource {

    private static final Logger LOG = Logger.getLogger(FederationResource.class.getName());
    /** Other relays set the rate: once a minute, with a count. */
    private static final LogThrottle FAILURES = LogThrottle.perInterval();

    @Inject
    InboundFederation inbound;

    @Inject
    RelaySettings settings;

    @Inject
    FederationCounters counters;

    @POST
    @Consumes(MediaType.WILDCARD)
    public void receive(InputStream body, @Context HttpServletRequest request, @Suspended AsyncResponse response) {
        Optional<InboundFederation.Outcome> throttled = inbound.admit(request.getRemoteAddr());
        if (throttled.isPresent()) {
            // before the body is read: an address over its bound costs as little as possible
            response.resume(answer(throttled.get().status(), throttled.get().message()));
            return;
        }
        byte[] envelope;
        try {
            envelope = readBounded(body, settings.maxMessageBytes());
        } catch (TooLarge e) {
            response.resume(answer(413, "message too big"));
            return;
        } catch (IOException e) {
            response.resume(answer(400, "bad request: " + e.getMessage()));
            return;
        }
        inbound.accept(envelope).whenComplete((outcome, failure) -> {
            if (failure != null) {
                FAILURES.log(
                        "ingress", LOG, Level.WARNING, LogFields.none(), () -> "federation ingress failed: " + failure);
                response.resume(answer(500, "internal error"));
            } else {
                response.resume(answer(outcome.status(), outcome.message()));
            }
        });
    }

    @GET
    public Response root() {
        return text(404, PageNotFound.TEXT);
    }

    /** The answer to a federation POST, counted by status. */
    private Response answer(int status, String message) {
        counters.received(status);
        return text(status, message);
    }

    private static Response text(int status, String message) {
        return Response.status(status)
                .type(MediaType.TEXT_PLAIN_TYPE)
                .entity(message)
                .build();
    }

    private static byte[] readBounded(InputStream in, int max) throws IOException, TooLarge {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            if (out.size() + read > max) {
                throw new TooLarge();
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    /** The body is larger than the relay accepts. */
    private static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;
    }
}
