package dev.baton.contracts.storage;

/**
 * How to reach the S3-compatible store (MinIO in Kubernetes, S3Proxy locally).
 *
 * @param endpoint the URL, e.g. {@code http://127.0.0.1:39000}
 * @param accessKey the access key
 * @param secretKey the secret key (never logged: see {@link #toString()})
 * @param region the signing region
 */
public record ObjectStoreConfig(String endpoint, String accessKey, String secretKey, String region) {
    @Override
    public String toString() {
        return "ObjectStoreConfig[endpoint=" + endpoint + ", accessKey=" + accessKey + ", region=" + region + "]";
    }
}
