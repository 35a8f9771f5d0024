package dev.rmbee.bench.peer;

import dev.rmbee.peer.api.IncomingRequest;
import dev.rmbee.peer.api.OutgoingResponse;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.testing.RedisConnection;
import java.io.IOException;

/** An echo service on the responder's database, as a reference service is written: pop the command's list, push the reply. */
final class EchoService {

    private EchoService() {}

    static void serve(LocalPrograms programs, RedisConnection redis) throws IOException {
        String queue = LocalKeys.commandQueue(PeerLoad.COMMAND);
        while (!programs.stopping) {
            byte[] item = redis.brpop(queue, 1);
            if (item == null) {
                continue;
            }
            IncomingRequest request;
            try {
                request = IncomingRequest.parse(item);
            } catch (Exception e) {
                programs.mismatched.incrementAndGet();
                PeerLoad.LOG.log("service: unreadable request: %s", e);
                continue;
            }
            byte[] reply = new OutgoingResponse(
                            1,
                            request.reference(),
                            request.data(),
                            request.source(),
                            "application/json",
                            System.currentTimeMillis() / 1000,
                            null)
                    .toJson();
            redis.lpush(LocalKeys.SYSTEM_REPLY, reply);
            programs.served.incrementAndGet();
        }
    }
}
