package dev.baton.gateway.datasets;

import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.gateway.GatewaySettings;
import dev.baton.gateway.problem.InvalidInputException;
import dev.baton.gateway.problem.PayloadTooLargeException;
import dev.baton.transfer.data.ImageDecoder;
import dev.baton.transfer.data.ImageGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Streams a zip of an image-folder dataset ({@code <class>/<file>}, optionally under one top
 * folder) into the object store, one image at a time: the zip is never held in memory. Every
 * image is decoded before it is stored; what is not taken is reported with the reason.
 */
@ApplicationScoped
public class DatasetUpload {
    private final ObjectStore store;
    private final DatasetCatalog catalog;
    private final GatewaySettings.Uploads limits;
    private final ImageDecoder decoder;

    DatasetUpload(ObjectStore store, DatasetCatalog catalog, GatewaySettings settings) {
        this.store = store;
        this.catalog = catalog;
        this.limits = settings.uploads();
        this.decoder = new ImageDecoder(new ImageGuard(limits.maxImagePixels()));
    }

    /**
     * @param name the new dataset's name (must be free)
     * @param zip the request body
     * @return the published dataset's report
     */
    public DatasetReport upload(String name, InputStream zip) {
        catalog.requireFree(name);
        try {
            DatasetReport report = storeImages(name, bounded(zip));
            return catalog.publish(name, report);
        } catch (RuntimeException e) {
            catalog.discard(name);
            throw e;
        }
    }

    private DatasetReport storeImages(String name, InputStream body) {
        TreeMap<String, Integer> classes = new TreeMap<>();
        List<DatasetReport.Skipped> skipped = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        long bytes = 0;
        int entries = 0;
        int folders = 0;
        try (ZipInputStream in = new ZipInputStream(body)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entries + folders >= limits.maxFiles()) {
                    throw new PayloadTooLargeException("file", "more than " + limits.maxFiles()
                            + " entries (files and folders)");
                }
                if (entry.isDirectory()) {
                    folders++;
                    continue;
                }
                entries++;
                String path = entry.getName().replace('\\', '/');
                String problem = problemWith(path);
                byte[] image = problem == null ? in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8,
                        limits.maxImageBytes() + 1)) : null;
                if (problem == null && image.length > limits.maxImageBytes()) {
                    problem = "larger than " + limits.maxImageBytes() + " bytes";
                }
                if (problem == null) {
                    problem = ImageFiles.problemDecoding(decoder, image, path);
                }
                String[] parts = path.split("/");
                String key = problem == null ? key(name, parts[parts.length - 2], parts[parts.length - 1]) : null;
                if (problem == null && key == null) {
                    problem = "class or file name not allowed (letters, digits, space, '_', '.', '+', '-')";
                }
                if (problem == null && !keys.add(key)) {
                    problem = "same class and file name as an earlier entry";
                }
                if (problem != null) {
                    skipped.add(new DatasetReport.Skipped(path, problem));
                    continue;
                }
                store.put(ObjectKeys.DATA_BUCKET, key, image, ImageFiles.contentType(key));
                classes.merge(parts[parts.length - 2], 1, Integer::sum);
                bytes += image.length;
            }
        } catch (UploadTooLarge e) {
            throw new PayloadTooLargeException("file", "the zip is larger than " + limits.maxZipBytes() + " bytes");
        } catch (ZipException e) {
            throw new InvalidInputException("file", "not a readable zip archive: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidInputException("file", "the upload could not be read: " + e.getMessage());
        }
        if (entries == 0) {
            throw new InvalidInputException("file", folders > 0
                    ? "the zip holds " + folders + " folders and no file" : "not a zip archive, or an empty one");
        }
        return new DatasetReport(name, classes, classes.values().stream().mapToInt(i -> i).sum(), bytes, skipped,
                Instant.now());
    }

    private static String problemWith(String path) {
        String[] parts = path.split("/");
        for (String part : parts) {
            if (part.equals("..") || part.isEmpty()) {
                return "unsafe path";
            }
            if (part.startsWith(".") || part.equals("__MACOSX")) {
                return "hidden or system file";
            }
        }
        if (parts.length < 2 || parts.length > 3) {
            return "not in a class folder (<class>/<file> or <top>/<class>/<file>)";
        }
        return ImageFiles.isImageName(parts[parts.length - 1]) ? null : "not an image file (jpg, jpeg, png, bmp, gif)";
    }

    private static String key(String dataset, String className, String fileName) {
        try {
            return ObjectKeys.datasetImage(dataset, className, fileName);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private InputStream bounded(InputStream body) {
        try {
            return (InputStream) BoundedInputStream.builder().setInputStream(body).setMaxCount(limits.maxZipBytes() + 1)
                    .setOnMaxCount((max, count) -> {
                        throw new UploadTooLarge();
                    }).get();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body went past the zip size limit. */
    private static final class UploadTooLarge extends IOException {
        UploadTooLarge() {
            super("upload too large");
        }
    }
}
