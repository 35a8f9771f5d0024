package dev.rmbee.relay.redis;

import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespNode;
import dev.rmbee.redis.resp.RespOptions;
import java.time.Duration;

/**
 * Every check of {@link RedisOutageIT} with the appends' script sent through the pipelined RESP
 * client ({@code rmb.redis.hot-client=resp}): a Redis that went away costs the senders error
 * envelopes, is logged once, and the client reconnects on its own when it is back.
 */
class RespOutageIT extends RedisOutageIT {

    @Override
    RespCommands hotClient(String url, Duration commandTimeout) {
        return RespNode.connect(RespAddress.parse(url), RespOptions.DEFAULTS.withCommandTimeout(commandTimeout));
    }
}
