package dev.baton.contracts.messages;

import java.time.Instant;

/**
 * A record that could not be parsed or validated, kept on {@code baton.dead-letters} with the
 * reason so that nothing a user sent is lost silently.
 *
 * @param schemaVersion the message schema version
 * @param sourceTopic where the record came from
 * @param partition its partition
 * @param offset its offset
 * @param key its key, as text (may be null)
 * @param payload its value as text, cut at {@link #MAX_PAYLOAD_CHARS}
 * @param reason why it was rejected
 * @param consumer who rejected it
 * @param at when
 */
public record DeadLetter(
        int schemaVersion,
        String sourceTopic,
        int partition,
        long offset,
        String key,
        String payload,
        String reason,
        String consumer,
        Instant at) implements BatonMessage {

    /** Payloads longer than this are cut, so a huge poison record cannot clog the topic. */
    public static final int MAX_PAYLOAD_CHARS = 64 * 1024;

    /** @return a dead letter for these raw bytes */
    public static DeadLetter of(String topic, int partition, long offset, String key, byte[] value, String reason,
            String consumer) {
        String text = value == null ? null : new String(value, java.nio.charset.StandardCharsets.UTF_8);
        if (text != null && text.length() > MAX_PAYLOAD_CHARS) {
            text = text.substring(0, MAX_PAYLOAD_CHARS);
        }
        return new DeadLetter(CURRENT_SCHEMA_VERSION, topic, partition, offset, key, text, reason, consumer,
                Instant.now());
    }
}
