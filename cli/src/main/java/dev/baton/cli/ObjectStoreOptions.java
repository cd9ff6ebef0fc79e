package dev.baton.cli;

import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.ObjectStoreConfig;
import picocli.CommandLine.Option;

/** Where the object store is: options with the services' environment variables as defaults. */
final class ObjectStoreOptions {
    @Option(names = "--s3-endpoint", defaultValue = "${env:BATON_S3_ENDPOINT:-http://127.0.0.1:39000}",
            description = "S3 endpoint (env BATON_S3_ENDPOINT, default ${DEFAULT-VALUE})")
    String endpoint;

    @Option(names = "--s3-access-key", defaultValue = "${env:BATON_S3_ACCESS_KEY:-baton}",
            description = "S3 access key (env BATON_S3_ACCESS_KEY)")
    String accessKey;

    @Option(names = "--s3-secret-key", defaultValue = "${env:BATON_S3_SECRET_KEY:-baton-local-secret}",
            description = "S3 secret key (env BATON_S3_SECRET_KEY)", arity = "1")
    String secretKey;

    ObjectStore connect() {
        return ObjectStore.connect(new ObjectStoreConfig(endpoint, accessKey, secretKey, "us-east-1"));
    }
}
