package dev.baton.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One process of a Baton service that the local cluster may run several times (trainers,
 * inference workers): instance 1 is the service as it always was ({@code trainer-worker} on the
 * base port); instance <i>n</i> &gt; 1 is {@code trainer-worker-n} on the base port + <i>n</i> - 1,
 * with its own PID file, log and working folder, and a trainer with its own worker id (which names
 * its Kafka clients and its events).
 *
 * @param module the service's module ({@code trainer-worker})
 * @param number which instance, from 1
 */
record AppInstance(String module, int number) {

    AppInstance {
        if (number < 1) {
            throw new IllegalArgumentException("instance numbers start at 1, got " + number);
        }
    }

    /** @return the name of its PID file, log and working folder, and what {@code stop} accepts */
    String name() {
        return number == 1 ? module : module + "-" + number;
    }

    /**
     * @param basePort the port of instance 1
     * @return this instance's port
     */
    int port(int basePort) {
        return basePort + number - 1;
    }

    /**
     * What sets this instance apart from the others of its service: for a trainer beyond the first,
     * its worker id and working folder (two trainers must not share a dataset cache folder).
     *
     * @param home the cluster's home folder
     * @return extra environment variables (empty for instance 1: it runs as before)
     */
    Map<String, String> environment(Path home) {
        if (number == 1 || !module.equals("trainer-worker")) {
            return Map.of();
        }
        return Map.of("BATON_TRAINER_WORKER_ID", name(),
                "BATON_TRAINER_WORK_DIR", home.resolve("work").resolve(name()).resolve("jobs").toString());
    }

    /**
     * @param runFolder the folder of PID files
     * @param module the service
     * @return the highest instance number of the service with a PID file (1 when none), so that
     *         {@code stop} and {@code status} find every instance whatever count they were started with
     */
    static int highestRecorded(Path runFolder, String module) {
        Pattern pidFile = Pattern.compile(Pattern.quote(module) + "-(\\d{1,3})\\.pid");
        if (!Files.isDirectory(runFolder)) {
            return 1;
        }
        try (Stream<Path> files = Files.list(runFolder)) {
            return files.map(f -> pidFile.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1)))
                    .max().orElse(1);
        } catch (IOException e) {
            throw new LocalClusterException("cannot list " + runFolder + ": " + e.getMessage(), e);
        }
    }
}
