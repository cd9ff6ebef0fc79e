package dev.baton.inference;

import dev.baton.inference.config.InferenceSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The worker's settings outside Quarkus: the defaults of {@link InferenceSettings}, with a test's own values. */
public final class TestSettings {
    private TestSettings() {
    }

    /**
     * @param values keys under {@code baton.inference} (without the prefix) and their values
     * @return the settings
     */
    public static InferenceSettings inference(Map<String, String> values) {
        Map<String, String> prefixed = new HashMap<>();
        values.forEach((key, value) -> prefixed.put("baton.inference." + key, value));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(InferenceSettings.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // "5ms", as Quarkus reads it
                .withSources(new PropertiesConfigSource(prefixed, "test", 500))
                .build();
        return config.getConfigMapping(InferenceSettings.class);
    }
}
