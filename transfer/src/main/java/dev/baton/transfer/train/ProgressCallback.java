package dev.baton.transfer.train;

/** Receives a job's progress events (the Kafka trainer turns them into messages). */
@FunctionalInterface
public interface ProgressCallback {

    /**
     * Called on the training thread; keep it short.
     *
     * @param event what happened
     */
    void onEvent(ProgressEvent event);
}
