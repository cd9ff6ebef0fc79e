package dev.baton.gateway.jobs;

import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.messages.TrialReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A training job as rebuilt from its events on {@code baton.training.events}.
 *
 * @param jobId the job
 * @param state where it stands
 * @param modelName the model it trains
 * @param attempts how many times a trainer took it
 * @param workerId the trainer that reported last
 * @param epoch the last finished epoch
 * @param totalEpochs the epochs it runs
 * @param lastMetrics the last reported metrics
 * @param modelVersion the published version (when SUCCEEDED)
 * @param reason why it failed or was cancelled
 * @param submittedAt when the gateway queued it
 * @param startedAt when a trainer first took it
 * @param updatedAt the time of the last event
 * @param finishedAt when it ended
 * @param trials an {@code auto} job's finished trials, in order (its leaderboard)
 * @param plan what an {@code auto} job's search chose and why
 */
public record TrainingJob(String jobId, JobState state, String modelName, int attempts, String workerId, Integer epoch,
        Integer totalEpochs, Map<String, Double> lastMetrics, Integer modelVersion, String reason, Instant submittedAt,
        Instant startedAt, Instant updatedAt, Instant finishedAt, List<TrialReport> trials, String plan) {

    /**
     * @param job the job so far, or null before its first event
     * @param event the next event
     * @return the job after the event (a finished job does not change again)
     */
    static TrainingJob apply(TrainingJob job, TrainingEvent event) {
        if (job == null) {
            job = new TrainingJob(event.jobId(), null, null, 0, null, null, null, Map.of(), null, null, null, null,
                    null, null, List.of(), null);
        }
        boolean queued = event.type() == TrainingEventType.QUEUED;
        if (job.state != null && (job.state.isTerminal() || queued)) {
            return queued && job.submittedAt == null ? job.withSubmission(event) : job;
        }
        JobState next = JobState.after(event.type());
        boolean hasMetrics = event.metrics() != null && !event.metrics().isEmpty();
        List<TrialReport> trials = job.trials;
        if (event.type() == TrainingEventType.TRIAL && event.trial() != null
                && trials.stream().noneMatch(t -> t.number() == event.trial().number())) {
            trials = new ArrayList<>(trials);
            trials.add(event.trial());
            trials = List.copyOf(trials);
        }
        boolean planned = event.type() == TrainingEventType.PLANNED;
        return new TrainingJob(job.jobId, next, first(event.modelName(), job.modelName),
                Math.max(job.attempts, event.attempt() == null ? 0 : event.attempt()),
                first(event.workerId(), job.workerId), first(event.epoch(), job.epoch),
                first(event.totalEpochs(), job.totalEpochs), hasMetrics ? Map.copyOf(event.metrics()) : job.lastMetrics,
                first(event.modelVersion(), job.modelVersion), planned ? job.reason : first(event.reason(), job.reason),
                queued ? event.at() : job.submittedAt,
                job.startedAt == null && next == JobState.RUNNING ? event.at() : job.startedAt,
                event.at(), next.isTerminal() ? event.at() : null, trials, planned ? event.reason() : job.plan);
    }

    private TrainingJob withSubmission(TrainingEvent queued) {
        return new TrainingJob(jobId, state, first(modelName, queued.modelName()), attempts, workerId, epoch,
                totalEpochs, lastMetrics, modelVersion, reason, queued.at(), startedAt, updatedAt, finishedAt, trials, plan);
    }

    private static <T> T first(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
