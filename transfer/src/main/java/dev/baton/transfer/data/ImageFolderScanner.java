package dev.baton.transfer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Scans an image-folder dataset (one sub-folder per class, JPEG/PNG files inside) into an
 * {@link ImageFolderIndex}. Class names are the sub-folder names sorted by code point; hidden
 * entries (names starting with '.') are ignored, as are files whose extension is not
 * {@code .jpg/.jpeg/.png}. Each image file is verified ({@link Verification}); unreadable ones are
 * skipped and counted, and the scan fails when they exceed the {@link CorruptionLimit}.
 */
public final class ImageFolderScanner {

    /** How each image file is checked during the scan. */
    public enum Verification {
        /** Decode the whole image: catches truncated and corrupt files (default). */
        DECODE,
        /** Read only the header: fast, catches non-images and broken headers only. */
        HEADER
    }

    private final CorruptionLimit limit;
    private final Verification verification;
    private final ImageDecoder decoder = new ImageDecoder();

    /** A scanner with {@link CorruptionLimit#DEFAULT} and full decoding. */
    public ImageFolderScanner() {
        this(CorruptionLimit.DEFAULT, Verification.DECODE);
    }

    public ImageFolderScanner(CorruptionLimit limit, Verification verification) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.verification = Objects.requireNonNull(verification, "verification");
    }

    /**
     * Scans {@code root}.
     *
     * @throws DatasetFolderNotFoundException if {@code root} is missing or not a directory
     * @throws EmptyDatasetException if there is no class folder or no readable image at all
     * @throws EmptyClassException if some class folders hold no readable image
     * @throws TooFewClassesException if fewer than two classes hold images
     * @throws TooManyCorruptImagesException if unreadable files exceed the limit
     * @throws IOException if the folder cannot be listed
     */
    public ImageFolderIndex scan(Path root) throws DatasetException, IOException {
        return scan(root, 2);
    }

    /**
     * Scans {@code root}, which may hold fewer classes than a training set (a test split may lack some).
     *
     * @param minClasses how many classes with images it needs at least
     * @throws TooFewClassesException if fewer than {@code minClasses} classes hold images
     * @see #scan(Path)
     */
    public ImageFolderIndex scan(Path root, int minClasses) throws DatasetException, IOException {
        if (root == null || !Files.isDirectory(root)) {
            throw new DatasetFolderNotFoundException(root);
        }
        List<Path> classDirs = new ArrayList<>();
        int ignored = 0;
        for (Path p : list(root)) {
            if (isHidden(p)) {
                continue;
            }
            if (Files.isDirectory(p)) {
                classDirs.add(p);
            } else {
                ignored++;
            }
        }
        if (classDirs.isEmpty()) {
            throw new EmptyDatasetException(root, "no class sub-folders");
        }
        classDirs.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));

        List<String> classNames = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        List<String> emptyClasses = new ArrayList<>();
        int candidates = 0;
        for (Path dir : classDirs) {
            int label = classNames.size();
            classNames.add(dir.getFileName().toString());
            int readable = 0;
            for (Path file : list(dir)) {
                if (isHidden(file) || !Files.isRegularFile(file)) {
                    continue;
                }
                if (!isImageName(file)) {
                    ignored++;
                    continue;
                }
                candidates++;
                try {
                    verify(file);
                    samples.add(new Sample(file, label));
                    readable++;
                } catch (UnreadableImageException e) {
                    skipped.add(new SkippedFile(file, e.reason()));
                }
            }
            if (readable == 0) {
                emptyClasses.add(classNames.get(label));
            }
        }
        if (limit.isExceededBy(skipped.size(), candidates)) {
            throw new TooManyCorruptImagesException(skipped, candidates, limit);
        }
        if (samples.isEmpty()) {
            throw new EmptyDatasetException(root, candidates == 0
                    ? "no JPEG/PNG files in " + classNames.size() + " class folder(s)"
                    : "none of the " + candidates + " image files is readable");
        }
        if (classNames.size() - emptyClasses.size() < minClasses) {
            List<String> withImages = new ArrayList<>(classNames);
            withImages.removeAll(emptyClasses);
            throw new TooFewClassesException(root, withImages);
        }
        if (!emptyClasses.isEmpty()) {
            throw new EmptyClassException(root, emptyClasses);
        }
        return new ImageFolderIndex(root, classNames, samples, skipped, ignored);
    }

    private void verify(Path file) throws UnreadableImageException {
        if (verification == Verification.DECODE) {
            decoder.decode(file);
        } else {
            decoder.readSize(file);
        }
    }

    /** True for {@code .jpg}, {@code .jpeg} and {@code .png} (any case). */
    static boolean isImageName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }

    private static boolean isHidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>(s.toList());
            out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
            return out;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
