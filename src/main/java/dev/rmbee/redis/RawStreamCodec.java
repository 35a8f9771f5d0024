package dev.rmbee.redis;

import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.Codec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;

/**
 * The codec of the relay's stream entries: field names as strings, values as the raw bytes other
 * clients see (no Java serialization, no Kryo).
 */
public final class RawStreamCodec {

    public static final Codec INSTANCE = new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE);

    private RawStreamCodec() {}
}
