package dev.baton.gateway.jobs;

import dev.baton.contracts.messages.TrainingEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every training job and its events, rebuilt from {@code baton.training.events} (see
 * {@link dev.baton.service.kafka.TopicReplay}). Applying an event twice changes nothing, so the gateway may apply
 * its own QUEUED event at once and again when it reads it back. Thread-safe.
 */
@ApplicationScoped
public class JobView {
    private static final Comparator<TrainingJob> NEWEST_FIRST = Comparator
            .comparing(TrainingJob::submittedAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(TrainingJob::jobId);

    private final Map<String, TrainingJob> jobs = new HashMap<>();
    private final Map<String, List<TrainingEvent>> events = new HashMap<>();
    private final Map<String, List<MultiEmitter<? super TrainingEvent>>> followers = new HashMap<>();

    /** @param event the next event of a job (ignored when already applied) */
    public synchronized void apply(TrainingEvent event) {
        List<TrainingEvent> history = events.computeIfAbsent(event.jobId(), id -> new ArrayList<>());
        if (history.contains(event)) {
            return;
        }
        history.add(event);
        TrainingJob job = jobs.compute(event.jobId(), (id, current) -> TrainingJob.apply(current, event));
        for (MultiEmitter<? super TrainingEvent> follower : List.copyOf(followers.getOrDefault(event.jobId(), List.of()))) {
            follower.emit(event);
            if (job.state().isTerminal()) {
                follower.complete();
            }
        }
    }

    /** @return the job, if any event of it was seen */
    public synchronized Optional<TrainingJob> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** @return the jobs that pass the filter, newest first */
    public synchronized List<TrainingJob> list(Predicate<TrainingJob> filter) {
        return jobs.values().stream().filter(filter).sorted(NEWEST_FIRST).toList();
    }

    /**
     * @param jobId a known job
     * @return its events so far, then each new one as it comes; completes after a terminal event
     */
    public Multi<TrainingEvent> follow(String jobId) {
        synchronized (this) {
            TrainingJob job = jobs.get(jobId);
            if (job != null && job.state().isTerminal()) {
                return Multi.createFrom().iterable(List.copyOf(events.getOrDefault(jobId, List.of())));
            }
        }
        return Multi.createFrom().emitter(emitter -> {
            synchronized (this) {
                events.getOrDefault(jobId, List.of()).forEach(emitter::emit);
                TrainingJob job = jobs.get(jobId);
                if (job != null && job.state().isTerminal()) {
                    emitter.complete();
                    return;
                }
                followers.computeIfAbsent(jobId, id -> new ArrayList<>()).add(emitter);
            }
            emitter.onTermination(() -> unfollow(jobId, emitter));
        });
    }

    private synchronized void unfollow(String jobId, MultiEmitter<? super TrainingEvent> emitter) {
        List<MultiEmitter<? super TrainingEvent>> list = followers.get(jobId);
        if (list != null) {
            list.remove(emitter);
            if (list.isEmpty()) {
                followers.remove(jobId);
            }
        }
    }
}
