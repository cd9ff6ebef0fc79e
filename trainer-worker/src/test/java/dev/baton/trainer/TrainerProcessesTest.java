package dev.baton.trainer;

import static dev.baton.trainer.TrainerTestKit.of;
import static dev.baton.trainer.TrainerTestKit.terminal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.storage.ObjectKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trainers as separate processes. A trainer process is killed with SIGKILL during epoch 3 of a 4-epoch job; another trainer takes
 * the job when its acquisition lock expires, resumes from the checkpoint of epoch 2, trains epochs 3
 * and 4 only, and exactly one model version is published.
 */
class TrainerProcessesTest {

    @TempDir
    Path work;

    @Test
    void aKilledTrainersJobResumesElsewhereFromItsLastCheckpoint() throws Exception {
        try (TrainerTestKit kit = new TrainerTestKit(); var events = kit.events()) {
            String dataset = kit.dataset("crash", 2, 12);
            TrainingRequest job = kit.job("crash", "crash", dataset, 4);
            Process doomed = launch(kit, "doomed", work.resolve("doomed"));
            try {
                kit.submit(job);
                events.await(l -> !doomed.isAlive() || of(l, job.jobId()).stream().anyMatch(
                        e -> e.type() == TrainingEventType.CHECKPOINTED && e.epoch() == 2), Duration.ofMinutes(4),
                        "checkpoint of epoch 2 on the doomed trainer");
                assertTrue(doomed.isAlive(), "the doomed trainer is running; see target/crash-test/doomed.log");
            } finally {
                doomed.destroyForcibly().waitFor();
            }
            List<TrainingEvent> beforeKill = List.copyOf(of(events.seen, job.jobId()));
            assertTrue(beforeKill.stream().noneMatch(e -> e.type() == TrainingEventType.CHECKPOINTED && e.epoch() == 3),
                    "killed during epoch 3: " + beforeKill);

            try (Trainer survivor = Trainer.start(kit.config("survivor", work.resolve("survivor")), kit.store,
                    new SimpleMeterRegistry());
                    var published = kit.new TopicReader<>(kit.published, ModelPublished.class)) {
                List<TrainingEvent> all = of(events.await(terminal(job.jobId()), Duration.ofMinutes(4), "job end"),
                        job.jobId());
                List<TrainingEvent> resumed = new ArrayList<>(all.subList(beforeKill.size(), all.size()));
                assertEquals(List.of(TrainingEventType.STARTED, TrainingEventType.RESUMED, TrainingEventType.EPOCH,
                        TrainingEventType.CHECKPOINTED, TrainingEventType.EPOCH, TrainingEventType.CHECKPOINTED,
                        TrainingEventType.SUCCEEDED), resumed.stream().map(TrainingEvent::type).toList(),
                        resumed.toString());
                assertTrue(resumed.stream().allMatch(e -> "survivor".equals(e.workerId())));
                assertEquals(2, resumed.get(0).attempt());
                assertEquals(2, resumed.get(1).epoch(), "RESUMED names the epoch of the checkpoint");
                assertEquals("resumed from the checkpoint of epoch 2", resumed.get(1).reason());
                assertEquals(List.of(3, 4), resumed.stream().filter(e -> e.type() == TrainingEventType.EPOCH)
                        .map(TrainingEvent::epoch).toList());
                assertEquals(1, resumed.get(6).modelVersion());
                published.await(l -> !l.isEmpty(), Duration.ofMinutes(1), "model published");
                assertEquals(List.of(ObjectKeys.modelVersionPrefix(job.modelName(), 1)),
                        kit.store.listPrefixes(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelPrefix(job.modelName())));
                assertEquals(1, published.seen.size());
            }
        }
    }

    /**
     * An {@code auto} job killed during its search: the doomed trainer uploaded the search state after
     * every finished trial (before announcing it), so the survivor runs none of the announced trials
     * again, goes on to a decision and publishes exactly one version.
     */
    @Test
    void aKilledAutoJobResumesItsSearchWithoutRedoingAFinishedTrial() throws Exception {
        try (TrainerTestKit kit = new TrainerTestKit(); var events = kit.events()) {
            String dataset = kit.dataset("autocrash", 2, 12);
            String base = kit.registerRandomBase("autocrash", work);
            TrainingRequest job = kit.autoJob("autocrash", "autocrash", dataset, base, 3, 1);
            Process doomed = launch(kit, "doomed-auto", work.resolve("doomed-auto"));
            try {
                kit.submit(job);
                events.await(l -> !doomed.isAlive() || terminal(job.jobId()).test(l)
                        || trials(of(l, job.jobId()), "doomed-auto").size() >= 2,
                        Duration.ofMinutes(4), "two trials on the doomed trainer");
                assertTrue(doomed.isAlive(), "the doomed trainer is running; see target/crash-test/doomed-auto.log");
                assertTrue(!terminal(job.jobId()).test(events.seen), "the job ended early: " + events.seen);
            } finally {
                doomed.destroyForcibly().waitFor();
            }
            assertTrue(of(events.seen, job.jobId()).stream().noneMatch(e -> e.type() == TrainingEventType.PLANNED),
                    "killed during the search: " + of(events.seen, job.jobId()));

            try (Trainer survivor = Trainer.start(kit.config("survivor", work.resolve("survivor")), kit.store,
                    new SimpleMeterRegistry());
                    var published = kit.new TopicReader<>(kit.published, ModelPublished.class)) {
                List<TrainingEvent> all = of(events.await(terminal(job.jobId()), Duration.ofMinutes(4), "job end"),
                        job.jobId());
                TrainingEvent last = all.get(all.size() - 1);
                assertEquals(TrainingEventType.SUCCEEDED, last.type(), all.toString());
                assertEquals("survivor", last.workerId());
                List<Integer> before = trials(all, "doomed-auto");
                List<Integer> after = trials(all, "survivor");
                assertTrue(before.size() >= 2, before.toString());
                int lastBefore = before.stream().mapToInt(Integer::intValue).max().orElseThrow();
                assertTrue(after.stream().allMatch(n -> n > lastBefore),
                        "the survivor redid a finished trial: doomed " + before + ", survivor " + after);
                assertEquals(1, all.stream().filter(e -> e.type() == TrainingEventType.PLANNED).count(), all.toString());
                assertEquals(1, last.modelVersion());
                published.await(l -> !l.isEmpty(), Duration.ofMinutes(1), "model published");
                assertEquals(List.of(ObjectKeys.modelVersionPrefix(job.modelName(), 1)),
                        kit.store.listPrefixes(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelPrefix(job.modelName())));
                assertEquals(1, published.seen.size());
            }
        }
    }

    /**
     * An {@code auto} job killed during its fine-tune: the survivor runs no trial and makes no second
     * decision, resumes the fine-tune from the doomed trainer's last epoch checkpoint and publishes
     * exactly one version.
     */
    @Test
    void aKilledAutoJobResumesItsFineTuneFromTheLastCheckpoint() throws Exception {
        try (TrainerTestKit kit = new TrainerTestKit(); var events = kit.events()) {
            String dataset = kit.dataset("autotune", 2, 12);
            String base = kit.registerRandomBase("autotune", work);
            TrainingRequest job = kit.autoJob("autotune", "autotune", dataset, base, 30, 1);
            Process doomed = launch(kit, "doomed-tune", work.resolve("doomed-tune"));
            try {
                kit.submit(job);
                events.await(l -> !doomed.isAlive() || terminal(job.jobId()).test(l) || of(l, job.jobId()).stream()
                        .anyMatch(e -> e.type() == TrainingEventType.CHECKPOINTED && e.epoch() >= 1),
                        Duration.ofMinutes(4), "a fine-tune checkpoint on the doomed trainer");
                assertTrue(doomed.isAlive(), "the doomed trainer is running; see target/crash-test/doomed-tune.log");
                assertTrue(!terminal(job.jobId()).test(events.seen), "the job ended early: " + events.seen);
            } finally {
                doomed.destroyForcibly().waitFor();
            }
            try (Trainer survivor = Trainer.start(kit.config("survivor", work.resolve("survivor")), kit.store,
                    new SimpleMeterRegistry());
                    var published = kit.new TopicReader<>(kit.published, ModelPublished.class)) {
                List<TrainingEvent> all = of(events.await(terminal(job.jobId()), Duration.ofMinutes(4), "job end"),
                        job.jobId());
                TrainingEvent last = all.get(all.size() - 1);
                assertEquals(TrainingEventType.SUCCEEDED, last.type(), all.toString());
                assertEquals(List.of(), trials(all, "survivor"), "the survivor searched again");
                assertEquals(1, all.stream().filter(e -> e.type() == TrainingEventType.PLANNED).count(), all.toString());
                int checkpointed = all.stream().filter(e -> e.type() == TrainingEventType.CHECKPOINTED
                        && "doomed-tune".equals(e.workerId())).mapToInt(TrainingEvent::epoch).max().orElseThrow();
                List<Integer> resumedEpochs = all.stream().filter(e -> e.type() == TrainingEventType.EPOCH
                        && "survivor".equals(e.workerId())).map(TrainingEvent::epoch).toList();
                assertTrue(!resumedEpochs.isEmpty() && resumedEpochs.get(0) == checkpointed + 1,
                        "resumed after the checkpoint of epoch " + checkpointed + ": " + resumedEpochs);
                assertEquals(1, last.modelVersion());
                published.await(l -> !l.isEmpty(), Duration.ofMinutes(1), "model published");
                assertEquals(List.of(ObjectKeys.modelVersionPrefix(job.modelName(), 1)),
                        kit.store.listPrefixes(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelPrefix(job.modelName())));
                assertEquals(1, published.seen.size());
            }
        }
    }

    /** @return the numbers of the TRIAL events a worker sent, in order */
    private static List<Integer> trials(List<TrainingEvent> events, String workerId) {
        return events.stream().filter(e -> e.type() == TrainingEventType.TRIAL && workerId.equals(e.workerId()))
                .map(e -> e.trial().number()).toList();
    }

    @Test
    void aTrainerStoppedWithSigtermReleasesItsJobAndAnotherResumesItAtOnce() throws Exception {
        try (TrainerTestKit kit = new TrainerTestKit(); var events = kit.events()) {
            // With a 60 s acquisition lock, a job that was not released could not move on for a minute.
            kit.groupConfig("share.record.lock.duration.ms", "60000");
            String dataset = kit.dataset("leave", 2, 12);
            TrainingRequest job = kit.job("leave", "leave", dataset, 5);
            Process leaving = launch(kit, "leaving", work.resolve("leaving"));
            java.time.Instant exited;
            try {
                kit.submit(job);
                events.await(l -> !leaving.isAlive() || of(l, job.jobId()).stream().anyMatch(
                        e -> e.type() == TrainingEventType.CHECKPOINTED && e.epoch() == 2), Duration.ofMinutes(4),
                        "checkpoint of epoch 2 on the leaving trainer");
                assertTrue(leaving.isAlive(), "the leaving trainer is running; see target/crash-test/leaving.log");
                try (Trainer successor = Trainer.start(kit.config("successor", work.resolve("successor")), kit.store,
                        new SimpleMeterRegistry())) {
                    leaving.destroy(); // SIGTERM: the JVM's shutdown hook closes the trainer
                    assertTrue(leaving.waitFor(90, java.util.concurrent.TimeUnit.SECONDS), "stopped within its grace");
                    exited = java.time.Instant.now();
                    String log = java.nio.file.Files.readString(logFile("leaving").toPath());
                    assertTrue(log.contains("TRAINER STOPPED leaving"), "a graceful shutdown, not a kill:\n" + log);

                    List<TrainingEvent> all = of(events.await(terminal(job.jobId()), Duration.ofMinutes(4), "job end"),
                            job.jobId());
                    List<TrainingEvent> byLeaving = all.stream().filter(e -> "leaving".equals(e.workerId())).toList();
                    List<TrainingEvent> bySuccessor = all.stream().filter(e -> "successor".equals(e.workerId())).toList();
                    assertTrue(byLeaving.stream().noneMatch(e -> e.type().isTerminal()), "no end on the leaving trainer");
                    int lastCheckpoint = byLeaving.stream().filter(e -> e.type() == TrainingEventType.CHECKPOINTED)
                            .mapToInt(TrainingEvent::epoch).max().orElseThrow();
                    assertEquals(TrainingEventType.STARTED, bySuccessor.get(0).type());
                    assertEquals(1, bySuccessor.get(0).attempt(), "a graceful release is not an attempt");
                    assertEquals(TrainingEventType.RESUMED, bySuccessor.get(1).type());
                    assertEquals(lastCheckpoint, bySuccessor.get(1).epoch(), "resumed from the last checkpoint");
                    assertEquals(java.util.stream.IntStream.rangeClosed(lastCheckpoint + 1, 5).boxed().toList(),
                            bySuccessor.stream().filter(e -> e.type() == TrainingEventType.EPOCH)
                                    .map(TrainingEvent::epoch).toList(), "only the epochs after the checkpoint");
                    assertEquals(TrainingEventType.SUCCEEDED, bySuccessor.get(bySuccessor.size() - 1).type());
                    // Released, not left to expire: taken well before the 60 s lock would have run out.
                    Duration handOver = Duration.between(exited, bySuccessor.get(0).at());
                    assertTrue(handOver.compareTo(Duration.ofSeconds(30)) < 0,
                            "the successor took the job " + handOver.toSeconds() + " s after the leaving trainer exited");
                }
            } finally {
                leaving.destroyForcibly().waitFor();
            }
            assertEquals(List.of(ObjectKeys.modelVersionPrefix(job.modelName(), 1)),
                    kit.store.listPrefixes(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelPrefix(job.modelName())));
        }
    }

    @Test
    void aBatchThatDoesNotFitInMemoryFailsItsJobWithTheReasonAndTheTrainerGoesOn() throws Exception {
        try (TrainerTestKit kit = new TrainerTestKit(); var events = kit.events()) {
            String dataset = kit.dataset("oom", 2, 24);
            Process small = launch(kit, "small-box", work.resolve("small-box"));
            try {
                // A first small job loads the engine; then the trainer's address space is capped 1 GiB above
                // what it uses, as on a machine with that much memory left.
                TrainingRequest warmUp = kit.job("warm-up", "oom", dataset, 1);
                kit.submit(warmUp);
                assertSucceeded(events.await(l -> !small.isAlive() || terminal(warmUp.jobId()).test(l),
                        Duration.ofMinutes(3), "warm-up job"), warmUp, small);
                long used = addressSpaceKib(small.pid());
                Process cap = new ProcessBuilder("prlimit", "--pid", Long.toString(small.pid()),
                        "--as=" + (used + 1024 * 1024) * 1024).redirectErrorStream(true).start();
                String capOutput = new String(cap.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertEquals(0, cap.waitFor(), "prlimit: " + capOutput);

                // Full-width MobileNetV2 at 224 px with 36 images a batch needs several GiB of activations.
                TrainingRequest tooBig = kit.sizedJob("too-big", "oom", dataset, 224, 36, 1.0);
                TrainingRequest next = kit.job("next", "oom", dataset, 1);
                kit.submit(tooBig);
                kit.submit(next);
                List<TrainingEvent> all = events.await(l -> !small.isAlive()
                        || terminal(tooBig.jobId()).test(l) && terminal(next.jobId()).test(l), Duration.ofMinutes(4),
                        "both jobs to end on the capped trainer");
                List<TrainingEvent> big = of(all, tooBig.jobId());
                TrainingEvent end = big.get(big.size() - 1);
                assertEquals(TrainingEventType.FAILED, end.type(), big.toString());
                assertEquals("batch size 36 at 224 px does not fit in the memory of CPU: lower batchSize or imageSize "
                        + "and submit the job again", end.reason());
                assertSucceeded(all, next, small);
            } finally {
                small.destroyForcibly().waitFor();
            }
        }
    }

    private static void awaitMembers(TrainerTestKit kit, int members, Process... trainers) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (org.apache.kafka.clients.admin.Admin admin = kit.admin()) {
            while (System.nanoTime() < end) {
                for (Process p : trainers) {
                    assertTrue(p.isAlive(), "a trainer exited while starting; see target/crash-test/");
                }
                try {
                    var group = admin.describeShareGroups(List.of(kit.group)).all().get().get(kit.group);
                    if (group.members().size() >= members) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    // the group does not exist until the first member joins
                }
                Thread.sleep(250);
            }
        }
        throw new AssertionError(members + " trainers did not join share group " + kit.group + " in 2 minutes");
    }

    private static void assertSucceeded(List<TrainingEvent> all, TrainingRequest job, Process trainer) {
        assertTrue(trainer.isAlive(), "the trainer is alive; see target/crash-test/");
        List<TrainingEvent> mine = of(all, job.jobId());
        assertEquals(TrainingEventType.SUCCEEDED, mine.get(mine.size() - 1).type(), mine.toString());
    }

    /** @return the process's virtual memory size (VmSize) in KiB */
    private static long addressSpaceKib(long pid) throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmSize:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmSize for " + pid);
    }

    /**
     * Surefire starts this JVM with {@code -jar surefirebooter.jar}, a manifest-only jar whose
     * Class-Path names the module's test class path; the child process uses the same jar.
     */
    private static String testClassPath() {
        String[] args;
        try {
            args = new String(java.nio.file.Files.readAllBytes(Path.of("/proc/self/cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).split("\u0000");
        } catch (java.io.IOException e) {
            args = ProcessHandle.current().info().arguments().orElse(new String[0]);
        }
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("-jar")) {
                return args[i + 1];
            }
        }
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    @Test
    void twoTrainerProcessesShareFourQueuedJobsAndAreBothBusy() throws Exception {
        try (TrainerTestKit kit = new TrainerTestKit(); var events = kit.events()) {
            String dataset = kit.dataset("pair", 2, 12);
            List<TrainingRequest> jobs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                jobs.add(kit.job("pair" + i, "pair", dataset, 2));
            }
            Process a = launch(kit, "trainer-a", work.resolve("a"));
            Process b = launch(kit, "trainer-b", work.resolve("b"));
            try {
                // Both trainers in the share group first: a trainer that starts faster must not drain the queue
                // alone before the other has joined (that would prove nothing about sharing).
                awaitMembers(kit, 2, a, b);
                jobs.forEach(kit::submit);
                List<TrainingEvent> all = events.await(l -> !a.isAlive() || !b.isAlive()
                        || jobs.stream().allMatch(j -> terminal(j.jobId()).test(l)), Duration.ofMinutes(4),
                        "four jobs on two trainers");
                assertTrue(a.isAlive() && b.isAlive(), "both trainers run; see target/crash-test/");
                java.util.Map<String, List<java.time.Instant[]>> spans = new java.util.HashMap<>();
                for (TrainingRequest job : jobs) {
                    List<TrainingEvent> mine = of(all, job.jobId());
                    TrainingEvent end = mine.get(mine.size() - 1);
                    assertEquals(TrainingEventType.SUCCEEDED, end.type(), mine.toString());
                    TrainingEvent start = mine.get(0);
                    assertEquals(TrainingEventType.STARTED, start.type());
                    spans.computeIfAbsent(start.workerId(), w -> new ArrayList<>())
                            .add(new java.time.Instant[] {start.at(), end.at()});
                }
                assertEquals(java.util.Set.of("trainer-a", "trainer-b"), spans.keySet(), "both trainers took jobs");
                boolean overlap = spans.get("trainer-a").stream().anyMatch(x -> spans.get("trainer-b").stream()
                        .anyMatch(y -> x[0].isBefore(y[1]) && y[0].isBefore(x[1])));
                assertTrue(overlap, "the two trainers trained at the same time: " + all);
                List<Integer> versions = jobs.stream().map(j -> of(all, j.jobId())).map(l -> l.get(l.size() - 1))
                        .map(TrainingEvent::modelVersion).sorted().toList();
                assertEquals(List.of(1, 2, 3, 4), versions, "one version per job of the same model, none shared");
            } finally {
                a.destroyForcibly().waitFor();
                b.destroyForcibly().waitFor();
            }
        }
    }

    /** The child's log, kept in target/ after the test. */
    private static java.io.File logFile(String id) throws java.io.IOException {
        Path dir = Path.of("target", "crash-test");
        java.nio.file.Files.createDirectories(dir);
        return dir.resolve(id + ".log").toFile();
    }

    private static Process launch(TrainerTestKit kit, String id, Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Xss4m",
                "-cp", testClassPath(),
                "-Dkafka.bootstrap.servers=" + kit.bootstrap,
                "-Dbaton.s3.endpoint=" + TrainerTestKit.prop("baton.s3.endpoint"),
                "-Dbaton.s3.access-key=" + TrainerTestKit.prop("baton.s3.access-key"),
                "-Dbaton.s3.secret-key=" + TrainerTestKit.prop("baton.s3.secret-key"),
                "-Dtrainer.id=" + id, "-Dtrainer.work-dir=" + dir,
                "-Dtrainer.renew-interval-ms=5000",
                "-Dtrainer.topic.requests=" + kit.requests, "-Dtrainer.topic.group=" + kit.group,
                "-Dtrainer.topic.events=" + kit.events, "-Dtrainer.topic.cancels=" + kit.cancels,
                "-Dtrainer.topic.published=" + kit.published, "-Dtrainer.topic.dead-letters=" + kit.deadLetters,
                "-Dtrainer.topic.versions=" + kit.versions));
        for (String p : List.of("DJL_CACHE_DIR", "ENGINE_CACHE_DIR")) {
            if (System.getProperty(p) != null) {
                cmd.add(1, "-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.add(TrainerMain.class.getName());
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logFile(id)).start();
    }
}
