package dev.baton.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A background service process known by its PID file.
 *
 * <p>The process is started detached from the caller (it outlives the JVM that started it) with
 * its output in a log file. It is recognised later only if the PID in the file belongs to a live
 * process whose command line still carries this service's marker, so a recycled PID is never
 * mistaken for the service and {@link #stop} ends only what the scripts started.
 */
final class ManagedProcess {
    private final String name;
    private final Path pidFile;
    private final Path logFile;
    private final String marker;

    /**
     * @param name service name used in messages and files
     * @param config the cluster's folders
     */
    ManagedProcess(String name, LocalClusterConfig config) {
        this(name, config, "-Dbaton.service=" + name + "@" + config.home());
    }

    /**
     * @param name service name used in messages and files
     * @param config the cluster's folders
     * @param marker an argument of the command line that only this service of this home folder has
     *        (a program that takes no JVM option marks itself with, e.g., its configuration file)
     */
    ManagedProcess(String name, LocalClusterConfig config, String marker) {
        this.name = name;
        this.pidFile = config.run().resolve(name + ".pid");
        this.logFile = config.logs().resolve(name + ".log");
        this.marker = marker;
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    /** @return the JVM option that marks this service's command line */
    String marker() {
        return marker;
    }

    /** @return the live process this PID file names, if it is still this service */
    Optional<ProcessHandle> running() {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts the command in the background and records its PID.
     *
     * @param command the full command line; must contain {@link #marker()}
     * @param workingDir the process's working folder
     * @return the started process
     * @throws IOException when the process cannot be started
     */
    ProcessHandle start(List<String> command, Path workingDir) throws IOException {
        return start(command, workingDir, java.util.Map.of());
    }

    /**
     * Starts the command in the background with extra environment variables and records its PID.
     *
     * @param command the full command line; must contain {@link #marker()}
     * @param workingDir the process's working folder
     * @param environment variables added to (or replacing) the caller's environment
     * @return the started process
     * @throws IOException when the process cannot be started
     */
    ProcessHandle start(List<String> command, Path workingDir, java.util.Map<String, String> environment)
            throws IOException {
        if (!command.contains(marker)) {
            throw new IllegalArgumentException("command of " + name + " lacks its marker " + marker);
        }
        Files.createDirectories(pidFile.getParent());
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        Files.writeString(pidFile, Long.toString(process.pid()), StandardCharsets.UTF_8);
        return process.toHandle();
    }

    /**
     * Stops the service if it runs: SIGTERM, then SIGKILL after the grace period.
     *
     * @param grace how long to wait for a clean exit
     * @return true if a process was stopped
     */
    boolean stop(Duration grace) {
        Optional<ProcessHandle> handle = running();
        boolean stopped = false;
        if (handle.isPresent()) {
            ProcessHandle process = handle.get();
            process.destroy();
            try {
                process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception timeoutOrInterrupt) {
                process.destroyForcibly();
                try {
                    process.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new LocalClusterException(name + " (pid " + process.pid() + ") did not exit after SIGKILL");
                }
            }
            stopped = true;
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new LocalClusterException("cannot delete " + pidFile + ": " + e.getMessage());
        }
        return stopped;
    }

    /** @return the last lines of the log, for error messages */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }
}
