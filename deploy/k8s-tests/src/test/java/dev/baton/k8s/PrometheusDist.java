package dev.baton.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's prometheus package unpacked in {@code .baton/dist/prometheus} (the Maven build fetches it in
 * deploy/local/prometheus-dist); fetched here through deploy/local/fetch-prometheus.sh when this module
 * is built alone and it is missing.
 */
final class PrometheusDist {
    private PrometheusDist() {
    }

    /** @return the folder the package is unpacked in */
    static synchronized Path folder() {
        Path folder = Project.root().resolve(".baton/dist/prometheus");
        if (!Files.isExecutable(folder.resolve("usr/bin/promtool"))) {
            Kustomize.Result fetched = Kustomize.run(List.of("bash",
                    Project.root().resolve("deploy/local/fetch-prometheus.sh").toString(), folder.toString()), 300);
            if (fetched.code() != 0 || !Files.isExecutable(folder.resolve("usr/bin/promtool"))) {
                throw new IllegalStateException("could not fetch Debian's prometheus (deploy/local/fetch-prometheus.sh): "
                        + fetched.err() + fetched.out());
            }
        }
        return folder;
    }

    /** @return promtool */
    static Path promtool() {
        return folder().resolve("usr/bin/promtool");
    }
}
