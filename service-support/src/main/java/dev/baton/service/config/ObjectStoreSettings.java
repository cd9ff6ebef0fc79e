package dev.baton.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the services find the S3-compatible store ({@code baton.s3.*}); in Kubernetes these come
 * from a Secret through the environment ({@code BATON_S3_ENDPOINT}, ...).
 */
@ConfigMapping(prefix = "baton.s3")
public interface ObjectStoreSettings {
    /** @return the endpoint URL */
    @WithDefault("http://127.0.0.1:39000")
    String endpoint();

    /** @return the access key */
    @WithDefault("baton")
    String accessKey();

    /** @return the secret key */
    @WithDefault("baton-local-secret")
    String secretKey();

    /** @return the signing region */
    @WithDefault("us-east-1")
    String region();
}
