package dev.baton.inference;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Runs the worker on topics of its own (created here, unique per test JVM) so that tests neither
 * see other engineers' models and requests on the shared broker nor answer them.
 */
public class IsolatedTopicsProfile implements QuarkusTestProfile {

    /** Unique per test JVM. */
    public static final String RUN = "itest-" + UUID.randomUUID().toString().substring(0, 8);
    /** The requests topic. */
    public static final String REQUESTS = RUN + ".inference.requests";
    /** The results topic. */
    public static final String RESULTS = RUN + ".inference.results";
    /** The model-published topic. */
    public static final String PUBLISHED = RUN + ".models.published";
    /** The alias topic. */
    public static final String ALIASES = RUN + ".models.aliases";
    /** The deletions topic. */
    public static final String DELETIONS = RUN + ".models.deletions";
    /** The load-failures topic. */
    public static final String LOAD_FAILURES = RUN + ".models.load-failures";
    /** The largest image the worker accepts in these tests. */
    public static final int MAX_IMAGE_BYTES = 64 * 1024;

    private static boolean created;

    static synchronized void createTopics() {
        if (created) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBundles.bootstrap()))) {
            Map<String, String> compact = Map.of("cleanup.policy", "compact");
            admin.createTopics(List.of(
                    new NewTopic(REQUESTS, 3, (short) 1),
                    new NewTopic(RESULTS, 3, (short) 1),
                    new NewTopic(PUBLISHED, 1, (short) 1).configs(compact),
                    new NewTopic(ALIASES, 1, (short) 1).configs(compact),
                    new NewTopic(DELETIONS, 1, (short) 1).configs(compact),
                    new NewTopic(LOAD_FAILURES, 1, (short) 1))).all().get();
            created = true;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the test topics", e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        createTopics();
        return Map.ofEntries(
                Map.entry("baton.inference.topics.load-failures", LOAD_FAILURES),
                Map.entry("baton.inference.topics.requests", REQUESTS),
                Map.entry("baton.inference.topics.results", RESULTS),
                Map.entry("baton.inference.topics.models-published", PUBLISHED),
                Map.entry("baton.inference.topics.model-aliases", ALIASES),
                Map.entry("baton.inference.topics.model-deletions", DELETIONS),
                Map.entry("baton.inference.topics.group", RUN),
                Map.entry("baton.inference.max-image-bytes", String.valueOf(MAX_IMAGE_BYTES)),
                Map.entry("baton.inference.models.warmup-passes", "1"),
                Map.entry("baton.inference.batch.max-size", "8"));
    }
}
