package dev.baton.gateway.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.storage.BaseModelRegistry;
import dev.baton.gateway.problem.ConflictException;
import dev.baton.gateway.problem.InvalidInputException;
import dev.baton.gateway.problem.PayloadTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Registers a pretrained base sent as a zip of Baton's base format: {@code base-manifest.json}
 * plus the weights file it names, as written by {@code baton base import-*} or the transfer
 * engine's exporters (conversion from Keras, TF.js or torchvision needs the engine, so it happens
 * there; the gateway checks and stores). The zip is streamed to a temporary folder, never held in
 * memory; the weights' SHA-256 must match the manifest's.
 */
public final class BaseModelImport {
    private static final Set<String> ARCHITECTURES = Set.of("vgg16", "mobilenet_v2");

    private final BaseModelRegistry registry;
    private final long maxBytes;

    /**
     * @param registry the registry in the object store
     * @param maxBytes the largest zip accepted
     */
    public BaseModelImport(BaseModelRegistry registry, long maxBytes) {
        this.registry = registry;
        this.maxBytes = maxBytes;
    }

    /**
     * @param name the registry name
     * @param zip the archive
     * @param replace whether an existing base of that name may be replaced
     * @return the registered base's manifest
     */
    public JsonNode importZip(String name, InputStream zip, boolean replace) {
        if (!replace && registry.contains(name)) {
            throw new ConflictException("base model '" + name + "' is already registered (add ?replace=true to replace it)");
        }
        Path folder = null;
        try {
            folder = Files.createTempDirectory("baton-base-");
            Map<String, String> sha256 = unpack(zip, folder);
            JsonNode manifest = checkedManifest(folder, sha256);
            registry.register(name, folder);
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(folder);
        }
    }

    private Map<String, String> unpack(InputStream body, Path folder) throws IOException {
        Map<String, String> sha256 = new HashMap<>();
        InputStream bounded = BoundedInputStream.builder().setInputStream(body).setMaxCount(maxBytes + 1).get();
        try (ZipInputStream zip = new ZipInputStream(bounded)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String file = Path.of(entry.getName()).getFileName().toString();
                if (entry.isDirectory() || file.startsWith(".")) {
                    continue;
                }
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                Files.copy(new DigestInputStream(zip, digest), folder.resolve(file));
                sha256.put(file, HexFormat.of().formatHex(digest.digest()));
                if (Files.size(folder.resolve(file)) > maxBytes) {
                    throw new PayloadTooLargeException("body", "a base model zip may hold at most " + maxBytes + " bytes");
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new InvalidInputException("body", "not a zip archive: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (sha256.isEmpty()) {
            throw new InvalidInputException("body", "not a zip archive, or an empty one");
        }
        return sha256;
    }

    private static JsonNode checkedManifest(Path folder, Map<String, String> sha256) throws IOException {
        Path manifestFile = folder.resolve(BaseModelRegistry.MANIFEST_FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidInputException("body", "the zip has no " + BaseModelRegistry.MANIFEST_FILE);
        }
        JsonNode manifest;
        try {
            manifest = MessageCodec.instance().mapper().readTree(manifestFile.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(BaseModelRegistry.MANIFEST_FILE, "not JSON: " + e.getMessage());
        }
        String architecture = manifest.path("architecture").path("name").asText("");
        if (!ARCHITECTURES.contains(architecture)) {
            throw new InvalidInputException("architecture.name",
                    "unknown base '" + architecture + "' (accepted: vgg16, mobilenet_v2)");
        }
        String weights = manifest.path("weights").path("file").asText("");
        if (!sha256.containsKey(weights)) {
            throw new InvalidInputException("weights.file", "the zip has no weights file '" + weights + "'");
        }
        String expected = manifest.path("weights").path("sha256").asText("");
        if (!expected.equalsIgnoreCase(sha256.get(weights))) {
            throw new InvalidInputException("weights.sha256", "the weights' SHA-256 is " + sha256.get(weights)
                    + ", the manifest says " + expected);
        }
        return manifest;
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
