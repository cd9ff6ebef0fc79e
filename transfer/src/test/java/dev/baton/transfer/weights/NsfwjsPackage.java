package dev.baton.transfer.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Test helper: locates the unpacked nsfwjs package, running deploy/base-models/fetch-nsfwjs.sh when missing. */
public final class NsfwjsPackage {
    private NsfwjsPackage() {
    }

    static Path batonRoot() {
        String prop = System.getProperty("baton.root");
        Path root = prop == null || prop.isBlank() || prop.contains("${") ? Path.of("..") : Path.of(prop);
        return root.toAbsolutePath().normalize();
    }

    /** @return the unpacked package folder, fetching it with the project's script if needed */
    public static synchronized Path unpacked() throws IOException, InterruptedException {
        Path root = batonRoot();
        Path dir = NsfwjsMobileNetV2.unpackedDir(root);
        if (!Files.isRegularFile(dir.resolve(NsfwjsMobileNetV2.MODEL_DIR).resolve(NsfwjsMobileNetV2.MODEL_FILE))) {
            Path script = root.resolve("deploy/base-models/fetch-nsfwjs.sh");
            // Output to a log, stdin a pipe of its own: a child that inherits the forked test JVM's streams
            // (npm sets them non-blocking) corrupts surefire's channel to that JVM.
            Path log = Path.of("target", "fetch-nsfwjs.log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder("bash", script.toString(), root.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("fetch-nsfwjs.sh failed (see " + log + "); the nsfwjs package is needed at " + dir);
            }
        }
        return dir;
    }
}
