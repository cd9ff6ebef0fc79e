package dev.baton.transfer.weights.torchvision;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: runs deploy/base-models/export_torchvision.py with Debian's python3-torchvision to
 * write TorchScript files with seeded random weights and torchvision's reference output, into
 * {@code transfer/target/torchvision-exports/}. Fails (never skips) when torch or torchvision is missing.
 */
final class TorchvisionExports {
    /** The Python that has Debian's python3-torch and python3-torchvision. */
    static final String PYTHON = "/usr/bin/python3";

    private static final Map<String, Export> EXPORTED = new HashMap<>();

    /**
     * A written file and its reference.
     *
     * @param file the TorchScript file
     * @param reference the reference JSON (input, features output, versions), or null when not asked for
     */
    record Export(Path file, JsonNode reference) {
        float[] input() {
            return floats(reference.path("input"));
        }

        float[] output() {
            return floats(reference.path("output"));
        }

        long[] shape(String field) {
            long[] s = new long[reference.path(field).size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = reference.path(field).get(i).asLong();
            }
            return s;
        }

        private static float[] floats(JsonNode array) {
            float[] out = new float[array.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) array.get(i).asDouble();
            }
            return out;
        }
    }

    private TorchvisionExports() {
    }

    static Path batonRoot() {
        String prop = System.getProperty("baton.root");
        Path root = prop == null || prop.isBlank() || prop.contains("${") ? Path.of("..") : Path.of(prop);
        return root.toAbsolutePath().normalize();
    }

    static Path outDir() throws IOException {
        return Files.createDirectories(batonRoot().resolve("transfer/target/torchvision-exports"));
    }

    /**
     * Exports once per JVM.
     *
     * @param name file name without extension
     * @param args export_torchvision.py arguments besides --out and --reference
     * @return the file and its reference
     */
    static synchronized Export export(String name, String... args) throws IOException, InterruptedException {
        Export done = EXPORTED.get(name);
        if (done != null) {
            return done;
        }
        requireTorchvision();
        Path file = outDir().resolve(name + ".pt");
        Path ref = outDir().resolve(name + ".json");
        List<String> cmd = new ArrayList<>(List.of(PYTHON,
                batonRoot().resolve("deploy/base-models/export_torchvision.py").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--out", file.toString(), "--reference", ref.toString()));
        String out = run(cmd);
        Export e = new Export(file, new JsonMapper().readTree(ref.toFile()));
        System.out.print(out);
        EXPORTED.put(name, e);
        return e;
    }

    /**
     * Runs a Python snippet with the torch interpreter.
     *
     * @param code the code
     * @return its output
     */
    static String python(String code) throws IOException, InterruptedException {
        requireTorchvision();
        return run(List.of(PYTHON, "-c", code));
    }

    private static void requireTorchvision() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(PYTHON, "-c", "import torch, torchvision").redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail(PYTHON + " is missing: the torchvision importer's tests need Debian's python3-torchvision "
                    + "(apt-get install python3-torchvision; .ci/run installs it)", e);
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            fail(PYTHON + " cannot import torch and torchvision: the torchvision importer's tests need Debian's "
                    + "python3-torchvision (apt-get install python3-torchvision; .ci/run installs it)\n" + out);
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
        }
        return out;
    }
}
