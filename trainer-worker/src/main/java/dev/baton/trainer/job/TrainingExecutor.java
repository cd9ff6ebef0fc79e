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
 * thread that loaded the engine, so this thread turns it off itself).
 *
 * <p>The thread survives any {@link Throwable} and trains the next job: a job that throws anything, an
 * {@link Error} included (out of memory in a too-large batch, a native crash reported as an error),
 * completes its future with {@code onThrowable}'s outcome, and if that throws too, exceptionally, so the
 * slot waiting for it always learns that the job ended. The thread keeps nothing from one job to the
 * next (each job's engine resources are closed by the job), so an error in one job is that job's, and
 * carrying on is safe; turning liveness DOWN would only restart a trainer that works.
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
                try {
                    outcome.complete(onThrowable.apply(t));
                } catch (Throwable again) {
                    again.addSuppressed(t);
                    outcome.completeExceptionally(again);
                }
            }
        });
        return outcome;
    }
}
