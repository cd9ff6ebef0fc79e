package dev.baton.trainer.job;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one thread every job of a trainer trains on, one after the other: the PyTorch engine allows
 * one gradient collector per process, and its grad mode is per thread (DJL turns it off only on the
 * thread that loaded the engine, so this thread turns it off itself). A job that throws anything,
 * an {@link Error} included, completes its future with {@code onThrowable}'s outcome instead of
 * killing the thread.
 */
public final class TrainingExecutor {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "training");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param job the job
     * @param onThrowable the outcome of a job that threw
     * @return the job's outcome, when it ends
     */
    public CompletableFuture<JobOutcome> submit(Supplier<JobOutcome> job,
            Function<Throwable, JobOutcome> onThrowable) {
        CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                Engine.getInstance();
                JniUtils.setGradMode(false);
                outcome.complete(job.get());
            } catch (Throwable t) {
                outcome.complete(onThrowable.apply(t));
            }
        });
        return outcome;
    }
}
