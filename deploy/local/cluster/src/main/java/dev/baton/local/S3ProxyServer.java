package dev.baton.local;

import io.minio.MinioClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * S3Proxy with its filesystem backend and SigV4 authentication: the S3-compatible store that
 * stands in for MinIO on a developer's machine and in CI.
 */
final class S3ProxyServer implements LocalService {
    private final LocalClusterConfig config;
    private final ManagedProcess process;

    S3ProxyServer(LocalClusterConfig config) {
        this.config = config;
        this.process = new ManagedProcess("s3proxy", config);
    }

    @Override
    public ManagedProcess process() {
        return process;
    }

    @Override
    public int port() {
        return config.s3Port();
    }

    @Override
    public String portVariable() {
        return "BATON_S3_PORT";
    }

    @Override
    public ProcessHandle launch() {
        Path dist = config.distributions().resolve("s3proxy");
        Distributions.require(dist, "s3proxy");
        try {
            Path folder = config.home().resolve("s3proxy");
            Path data = folder.resolve("data");
            Files.createDirectories(data);
            Path properties = folder.resolve("s3proxy.conf");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=" + config.s3Endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + config.s3AccessKey(),
                    "s3proxy.credential=" + config.s3SecretKey(),
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data,
                    ""), StandardCharsets.UTF_8);
            return process.start(List.of(JavaLauncher.java(), process.marker(), "-Xms64m", "-Xmx384m",
                    "-jar", dist.resolve("s3proxy.jar").toString(), "--properties", properties.toString()), folder);
        } catch (IOException e) {
            throw new LocalClusterException("cannot start S3Proxy: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> checkReady(Duration timeout) {
        try {
            MinioClient client = MinioClient.builder()
                    .endpoint(config.s3Endpoint())
                    .credentials(config.s3AccessKey(), config.s3SecretKey())
                    .region("us-east-1")
                    .build();
            client.setTimeout(timeout.toMillis(), timeout.toMillis(), timeout.toMillis());
            client.listBuckets();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("S3Proxy at " + config.s3Endpoint() + " not ready: " + e);
        }
    }
}
