package dev.baton.service.kafka;

/** A topic replay stopped for good (a fatal Kafka error, or an {@link Error} while applying a record). */
public final class ReplayStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param topic the replayed topic
     * @param reason what stopped it, as {@link KafkaErrors#describe} words it
     * @param cause the error
     */
    public ReplayStoppedException(String topic, String reason, Throwable cause) {
        super("the replay of " + topic + " stopped for good: " + reason, cause);
    }
}
