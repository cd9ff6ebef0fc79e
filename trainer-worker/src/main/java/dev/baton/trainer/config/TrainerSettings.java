package dev.baton.trainer.config;

import dev.baton.contracts.topics.Topics;
import dev.baton.transfer.device.DevicePreference;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The trainer's settings, {@code baton.trainer.*} in application.properties. */
@ConfigMapping(prefix = "baton.trainer")
public interface TrainerSettings {

    /** @return whether this process takes jobs at all (off in the module's Quarkus tests) */
    @WithDefault("true")
    boolean enabled();

    /** @return this trainer's id in events; default host name and process id */
    Optional<String> workerId();

    /** @return jobs run at once; each slot has its own share consumer */
    @WithDefault("1")
    int concurrency();

    /** @return deliveries after which a job that stopped every trainer is reported FAILED */
    @WithDefault("3")
    int maxAttempts();

    /** @return how long an idle poll waits */
    @WithDefault("1s")
    Duration pollTimeout();

    /** @return how often a running job's acquisition lock is renewed (below the broker's lock timeout) */
    @WithDefault("10s")
    Duration renewInterval();

    /** @return how long shutdown waits for the running job to stop between batches */
    @WithDefault("60s")
    Duration shutdownGrace();

    /** @return local folder for dataset cache, checkpoints and bundles */
    @WithDefault("${java.io.tmpdir}/baton-trainer")
    String workDir();

    /** @return PyTorch intra-op threads, 0 for the engine default */
    @WithDefault("0")
    int threads();

    /** @return CPU, GPU or AUTO */
    @WithDefault("CPU")
    DevicePreference device();

    /** @return the single-partition topic on which model versions are allocated */
    @WithDefault(Topics.MODEL_VERSIONS)
    String versionsTopic();
}
