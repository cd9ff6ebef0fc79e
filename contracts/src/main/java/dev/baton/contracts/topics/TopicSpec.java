package dev.baton.contracts.topics;

import java.util.Map;

/**
 * A topic and the settings Baton relies on.
 *
 * @param name the topic name
 * @param partitions how many partitions (never reduced; increased when a spec asks for more)
 * @param configs topic configuration (cleanup policy, retention...)
 * @param why why these settings, for the operators who read {@link Topics}
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs, String why) {
    /** @return the same settings under another name (tests and deployments that prefix topic names) */
    public TopicSpec named(String otherName) {
        return new TopicSpec(otherName, partitions, configs, why);
    }

    /** @return whether old records of a key are compacted away */
    public boolean compacted() {
        return "compact".equals(configs.get("cleanup.policy"));
    }
}
