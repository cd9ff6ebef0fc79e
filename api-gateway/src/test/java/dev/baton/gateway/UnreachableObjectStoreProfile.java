package dev.baton.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The gateway with an object store that does not answer (nothing listens on port 1). */
public class UnreachableObjectStoreProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("baton.s3.endpoint", "http://127.0.0.1:1", "baton.provisioning.enabled", "false");
    }
}
