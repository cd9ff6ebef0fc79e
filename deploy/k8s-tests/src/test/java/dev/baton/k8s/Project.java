package dev.baton.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the checkout, the manifests and the schemas are. */
final class Project {
    private Project() {
    }

    static Path root() {
        return Path.of(System.getProperty("baton.root", "../..")).toAbsolutePath().normalize();
    }

    static Path k8s() {
        return root().resolve("deploy/k8s");
    }

    static Path grafanaDashboards() {
        return root().resolve("deploy/grafana/dashboards");
    }

    static Path prometheusRules() {
        return root().resolve("deploy/prometheus");
    }

    /** @return the schema folder (shared/k8s-schemas beside the checkout, or -Dbaton.k8s.schemas) */
    static Path schemas() {
        String configured = System.getProperty("baton.k8s.schemas");
        Path path = configured != null ? Path.of(configured) : root().resolve("../shared/k8s-schemas");
        path = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(path.resolve("v1.30.0-standalone-strict"))) {
            throw new IllegalStateException("no Kubernetes JSON schemas at " + path
                    + " (expected shared/k8s-schemas beside the checkout; set -Dbaton.k8s.schemas)");
        }
        return path;
    }

    /** @return the base and every overlay: each folder under deploy/k8s holding a kustomization.yaml */
    static List<Path> kustomizations() {
        try (Stream<Path> files = Files.walk(k8s())) {
            List<Path> dirs = files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .map(Path::getParent).sorted().toList();
            if (dirs.isEmpty()) {
                throw new IllegalStateException("no kustomization.yaml under " + k8s());
            }
            return dirs;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String name(Path kustomization) {
        return k8s().relativize(kustomization).toString();
    }
}
