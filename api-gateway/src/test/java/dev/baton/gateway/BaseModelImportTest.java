package dev.baton.gateway;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import dev.baton.gateway.support.ApiKeys;
import dev.baton.gateway.support.Zips;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Importing a base in Baton's format into the registry in the real S3Proxy, and each way it is refused. */
@QuarkusTest
class BaseModelImportTest {
    private static final String PROBLEM = "application/problem+json";
    private static final byte[] WEIGHTS = "not really safetensors, but bytes with a checksum".getBytes(StandardCharsets.UTF_8);

    private static String manifest(String architecture, String sha256) {
        return "{\"architecture\":{\"name\":\"" + architecture + "\",\"inputSize\":224},"
                + "\"weights\":{\"file\":\"w.safetensors\",\"sha256\":\"" + sha256 + "\"}}";
    }

    private static byte[] zip(String manifest) {
        return Zips.archive().with("base-manifest.json", manifest.getBytes(StandardCharsets.UTF_8))
                .with("w.safetensors", WEIGHTS).bytes();
    }

    private static String sha256() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(WEIGHTS));
    }

    @Test
    void aCheckedBaseIsRegisteredListedAndNotSilentlyReplaced() throws Exception {
        String name = "gw-base-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] good = zip(manifest("mobilenet_v2", sha256()));
        ApiKeys.asSubmitter().contentType("application/zip").body(good).put("/api/v1/base-models/" + name)
                .then().statusCode(201).body("architecture.name", is("mobilenet_v2"));
        ApiKeys.asViewer().get("/api/v1/base-models").then().statusCode(200).body("name", hasItem(name))
                .body("find { it.name == '" + name + "' }.architecture", is("mobilenet_v2"));
        ApiKeys.asSubmitter().contentType("application/zip").body(good).put("/api/v1/base-models/" + name)
                .then().statusCode(409).contentType(PROBLEM);
        ApiKeys.asSubmitter().contentType("application/zip").body(good)
                .put("/api/v1/base-models/" + name + "?replace=true").then().statusCode(201);
    }

    @Test
    void wrongChecksumArchitectureOrArchiveIsA400NamingTheField() throws Exception {
        String name = "gw-base-" + UUID.randomUUID().toString().substring(0, 8);
        ApiKeys.asSubmitter().contentType("application/zip").body(zip(manifest("mobilenet_v2", "00")))
                .put("/api/v1/base-models/" + name).then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("weights.sha256"));
        ApiKeys.asSubmitter().contentType("application/zip").body(zip(manifest("resnet50", sha256())))
                .put("/api/v1/base-models/" + name).then().statusCode(400)
                .body("violations[0].field", is("architecture.name"))
                .body("violations[0].message", is("unknown base 'resnet50' (accepted: vgg16, mobilenet_v2)"));
        ApiKeys.asSubmitter().contentType("application/zip").body("plain text".getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/base-models/" + name).then().statusCode(400).body("violations[0].field", is("body"));
        ApiKeys.asViewer().contentType("application/zip").body(zip(manifest("vgg16", sha256())))
                .put("/api/v1/base-models/" + name).then().statusCode(403);
    }
}
