package dev.baton.contracts.json;

import dev.baton.contracts.messages.BatonMessage;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer for any {@link BatonMessage}, through {@link MessageCodec}. */
public final class JsonMessageSerializer implements Serializer<BatonMessage> {
    @Override
    public byte[] serialize(String topic, BatonMessage data) {
        return data == null ? null : MessageCodec.instance().encode(data);
    }
}
