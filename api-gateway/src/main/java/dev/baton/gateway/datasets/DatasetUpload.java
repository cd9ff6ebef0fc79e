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
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Streams a zip of an image-folder dataset ({@code <class>/<file>}, or {@code train/<class>/<file>}
 * and {@code test/<class>/<file>}, optionally under one top folder; see {@link ZipPaths}) into the
 * object store, one image at a time: the zip is never held in memory. Every image is decoded before
 * it is stored; what is not taken is reported with the reason. A zip that mixes the two layouts,
 * has test images without training ones, or test classes that training lacks is refused.
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
        ImageCounts counts = new ImageCounts();
        List<DatasetReport.Skipped> skipped = new ArrayList<>();
        Set<String> keys = new HashSet<>();
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
                Optional<ZipPaths.Place> place = problem == null ? ZipPaths.place(path.split("/")) : Optional.empty();
                if (problem == null && place.isEmpty()) {
                    problem = ZipPaths.whyNoPlace(path.split("/"));
                }
                byte[] image = problem == null ? in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8,
                        limits.maxImageBytes() + 1)) : null;
                if (problem == null && image.length > limits.maxImageBytes()) {
                    problem = "larger than " + limits.maxImageBytes() + " bytes";
                }
                if (problem == null) {
                    problem = ImageFiles.problemDecoding(decoder, image, path);
                }
                String key = null;
                if (problem == null) {
                    try {
                        key = key(name, place.get());
                    } catch (IllegalArgumentException e) {
                        problem = e.getMessage();
                    }
                }
                if (problem == null && !keys.add(key)) {
                    problem = "same split, class and file name as an earlier entry";
                }
                if (problem != null) {
                    skipped.add(new DatasetReport.Skipped(path, problem));
                    continue;
                }
                counts.requireSameLayout(place.get().split(), path);
                store.put(ObjectKeys.DATA_BUCKET, key, image, ImageFiles.contentType(key));
                counts.add(place.get().split(), place.get().className(), image.length);
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
        counts.requireUsableSplits();
        return counts.report(name, skipped, Instant.now());
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
        return ImageFiles.isImageName(parts[parts.length - 1]) ? null : "not an image file (jpg, jpeg, png, bmp, gif)";
    }

    private static String key(String dataset, ZipPaths.Place place) {
        return place.split().isPresent()
                ? ObjectKeys.datasetImage(dataset, place.split().get(), place.className(), place.fileName())
                : ObjectKeys.datasetImage(dataset, place.className(), place.fileName());
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
