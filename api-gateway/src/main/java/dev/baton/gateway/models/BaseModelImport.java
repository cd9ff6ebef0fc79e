package dev.baton.gateway.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.storage.BaseModelRegistry;
import dev.baton.gateway.GatewaySettings;
import dev.baton.gateway.problem.ConflictException;
import dev.baton.gateway.problem.InvalidInputException;
import dev.baton.gateway.problem.PayloadTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Registers a pretrained base sent as a zip of Baton's base format: {@code base-manifest.json}
 * plus the weights file it names, as written by {@code baton base import-*} or the transfer
 * engine's exporters (conversion from Keras, TF.js or torchvision needs the engine, so it happens
 * there; the gateway checks and stores). The zip is streamed to a temporary folder, never held in
 * memory, and every limit (bytes sent, entries, bytes per entry, manifest bytes, bytes unpacked in
 * all) is counted as bytes are written; the weights' SHA-256 must match the manifest's.
 */
public final class BaseModelImport {
    private static final Set<String> ARCHITECTURES = Set.of("vgg16", "mobilenet_v2");

    private final BaseModelRegistry registry;
    private final long maxZipBytes;
    private final GatewaySettings.BaseModels limits;

    /**
     * @param registry the registry in the object store
     * @param maxZipBytes the largest zip accepted, as sent
     * @param limits what the zip may unpack to, counted as it is written
     */
    public BaseModelImport(BaseModelRegistry registry, long maxZipBytes, GatewaySettings.BaseModels limits) {
        this.registry = registry;
        this.maxZipBytes = maxZipBytes;
        this.limits = limits;
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
        Map<String, String> paths = new HashMap<>();
        long unpacked = 0;
        int entries = 0;
        int folders = 0;
        try (ZipInputStream zip = new ZipInputStream(bounded(body))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++entries > limits.maxEntries()) {
                    throw new PayloadTooLargeException("body", "a base model zip may hold at most "
                            + limits.maxEntries() + " entries (files and folders)");
                }
                Path name = Path.of(entry.getName()).getFileName();
                String file = name == null ? "" : name.toString();
                if (entry.isDirectory()) {
                    folders++;
                    continue;
                }
                if (file.isEmpty() || file.startsWith(".")) {
                    continue;
                }
                String earlier = paths.putIfAbsent(file, entry.getName());
                if (earlier != null) {
                    throw new InvalidInputException("body", "two entries are named '" + file + "' ('" + earlier
                            + "' and '" + entry.getName() + "'); a base model zip holds each file name once");
                }
                long max = file.equals(BaseModelRegistry.MANIFEST_FILE) ? limits.maxManifestBytes()
                        : limits.maxEntryBytes();
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                unpacked += write(zip, folder.resolve(file), digest, file, max, limits.maxUnpackedBytes() - unpacked);
                sha256.put(file, HexFormat.of().formatHex(digest.digest()));
            }
        } catch (BodyTooLarge e) {
            throw new PayloadTooLargeException("body", "a base model zip may have at most " + maxZipBytes + " bytes");
        } catch (ZipException e) {
            throw new InvalidInputException("body", "not a zip archive: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (sha256.isEmpty()) {
            throw new InvalidInputException("body", folders > 0
                    ? "the zip holds " + folders + " folders and no file" : "not a zip archive, or an empty one");
        }
        return sha256;
    }

    /**
     * Copies one entry, counting as it writes: refused at the first byte past the entry's limit or
     * past what is left of the total, so a zip bomb never fills the disk.
     *
     * @return the bytes written
     */
    private long write(InputStream entry, Path target, MessageDigest digest, String file, long maxEntry,
            long leftInTotal) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            for (int n = entry.read(buffer); n >= 0; n = entry.read(buffer)) {
                written += n;
                if (written > maxEntry) {
                    throw new PayloadTooLargeException(file, "unpacks to more than " + maxEntry + " bytes");
                }
                if (written > leftInTotal) {
                    throw new PayloadTooLargeException("body", "the zip unpacks to more than "
                            + limits.maxUnpackedBytes() + " bytes");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return written;
    }

    private InputStream bounded(InputStream body) throws IOException {
        return BoundedInputStream.builder().setInputStream(body).setMaxCount(maxZipBytes + 1)
                .setOnMaxCount((max, count) -> {
                    throw new BodyTooLarge();
                }).get();
    }

    /** The body went past the zip size limit. */
    private static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("base model zip too large");
        }
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
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
