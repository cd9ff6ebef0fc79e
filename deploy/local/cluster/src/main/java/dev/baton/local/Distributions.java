package dev.baton.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Checks that a service's distribution was fetched, and says how to fetch it if not. */
final class Distributions {
    /** The command that fetches every distribution from Maven Central. */
    static final String FETCH_COMMAND = "deploy/local/cluster.sh fetch";

    private Distributions() {
    }

    static void require(Path folder, String jarPrefix) {
        boolean present;
        try (Stream<Path> files = Files.isDirectory(folder) ? Files.list(folder) : Stream.empty()) {
            present = files.anyMatch(f -> f.getFileName().toString().startsWith(jarPrefix));
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            throw new LocalClusterException("no " + jarPrefix + "* jar in " + folder
                    + ": fetch the local services first with '" + FETCH_COMMAND + "' (or './mvnw install')");
        }
    }
}
