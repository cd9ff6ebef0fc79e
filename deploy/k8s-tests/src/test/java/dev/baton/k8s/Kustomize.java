package dev.baton.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders Kustomize directories with kubectl's embedded Kustomize.
 *
 * <p>The reference renderer is Debian's {@code kubernetes-client} (kubectl 1.20, Kustomize v2.0.3),
 * the oldest one a user is likely to have and the one a Debian registry gives: the manifests keep to
 * what it understands. {@code deploy/k8s/fetch-kubectl.sh} puts it into {@code .baton/tools} (apt's
 * own client, no system-wide install); {@code BATON_KUBECTL} names another one. Any other
 * {@code kubectl} on the PATH (a newer Kustomize) is used as a second renderer, and the two must
 * produce the same resources.
 */
final class Kustomize {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, List<ObjectNode>> CACHE = new ConcurrentHashMap<>();

    private final Path kubectl;

    private Kustomize(Path kubectl) {
        this.kubectl = kubectl;
    }

    /** @return the reference renderer, fetched through deploy/k8s/fetch-kubectl.sh when missing */
    static synchronized Kustomize reference() {
        String configured = System.getenv("BATON_KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return new Kustomize(Path.of(configured));
        }
        Path local = Project.root().resolve(".baton/tools/kubernetes-client/usr/bin/kubectl");
        if (!Files.isExecutable(local)) {
            Result fetched = run(List.of("bash", Project.k8s().resolve("fetch-kubectl.sh").toString()), 300);
            if (fetched.code != 0 || !Files.isExecutable(local)) {
                throw new IllegalStateException("could not fetch Debian's kubernetes-client (deploy/k8s/fetch-kubectl.sh): "
                        + fetched.err + fetched.out);
            }
        }
        return new Kustomize(local);
    }

    /** @return a kubectl on the PATH that is not the reference one, if any */
    static Optional<Kustomize> secondary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                try {
                    if (Files.isSameFile(candidate, reference().kubectl)) {
                        return Optional.empty();
                    }
                } catch (IOException e) {
                    return Optional.empty();
                }
                return Optional.of(new Kustomize(candidate));
            }
        }
        return Optional.empty();
    }

    String version() {
        Result r = run(List.of(kubectl.toString(), "version", "--client"), 60);
        return (r.out + r.err).trim().replace('\n', ' ');
    }

    /** @return the rendered resources of one Kustomize directory, in output order */
    List<ObjectNode> render(Path dir) {
        return CACHE.computeIfAbsent(kubectl + "|" + dir, key -> {
            Result r = run(List.of(kubectl.toString(), "kustomize", dir.toString()), 120);
            if (r.code != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (" + kubectl + "):\n" + r.err);
            }
            return parse(r.out);
        });
    }

    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> docs = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue;
                }
                if (!node.isObject()) {
                    throw new AssertionError("rendered document is not an object: " + node);
                }
                docs.add((ObjectNode) node);
            }
        } catch (IOException e) {
            throw new AssertionError("rendered YAML does not parse: " + e.getMessage(), e);
        }
        return docs;
    }

    record Result(int code, String out, String err) {
    }

    static Result run(List<String> command, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("kustomize", ".out");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
