package dev.baton.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderScannerTest {
    @TempDir
    Path root;

    /** cats: 2 PNG + 1 grayscale JPEG + 1 corrupt; dogs: 3 JPEG; birds: 1 PNG + a text file. */
    private void mixedDataset() throws Exception {
        TinyImages.write(TinyImages.noise(10, 8, 1), root.resolve("cats/a.png"));
        TinyImages.write(TinyImages.noise(10, 8, 2), root.resolve("cats/b.PNG"));
        TinyImages.write(TinyImages.gray(10, 8, 77), root.resolve("cats/gray.jpg"));
        TinyImages.writeTruncatedJpeg(root.resolve("cats/broken.jpg"));
        for (int i = 0; i < 3; i++) {
            TinyImages.write(TinyImages.noise(9, 9, 10 + i), root.resolve("dogs/d" + i + ".jpeg"));
        }
        TinyImages.write(TinyImages.noise(8, 8, 20), root.resolve("birds/x.png"));
        Files.writeString(root.resolve("birds/notes.txt"), "ignored");
        Files.createDirectories(root.resolve(".hidden"));
        TinyImages.write(TinyImages.noise(8, 8, 21), root.resolve(".hidden/h.png"));
    }

    @Test
    void indexesClassesSortedWithCountsAndSkipsTheCorruptFile() throws Exception {
        mixedDataset();
        ImageFolderIndex index = new ImageFolderScanner(CorruptionLimit.count(1),
                ImageFolderScanner.Verification.DECODE).scan(root);
        assertEquals(List.of("birds", "cats", "dogs"), index.classNames());
        assertEquals(Map.of("birds", 1, "cats", 3, "dogs", 3), index.classCounts());
        assertEquals(7, index.size());
        assertEquals(1, index.skipped().size());
        assertEquals(root.resolve("cats/broken.jpg"), index.skipped().get(0).path());
        assertEquals(1, index.ignoredFiles());
        assertTrue(index.samples().stream()
                .anyMatch(s -> s.path().endsWith("gray.jpg") && s.label() == 1));
    }

    @Test
    void corruptFilesOverTheCountCeilingFailNamingTheFiles() throws Exception {
        mixedDataset();
        TinyImages.writeGarbage(root.resolve("dogs/fake.png"));
        TooManyCorruptImagesException e = assertThrows(TooManyCorruptImagesException.class,
                () -> new ImageFolderScanner(CorruptionLimit.count(1), ImageFolderScanner.Verification.DECODE)
                        .scan(root));
        assertEquals(2, e.skipped().size());
        assertEquals(9, e.candidates());
        assertTrue(e.getMessage().contains("broken.jpg"), e.getMessage());
        assertTrue(e.getMessage().contains("fake.png"), e.getMessage());
    }

    @Test
    void corruptFilesOverTheFractionCeilingFail() throws Exception {
        mixedDataset();
        // 1 of 8 image files = 12.5 %
        assertThrows(TooManyCorruptImagesException.class, () -> new ImageFolderScanner(
                CorruptionLimit.fraction(0.10), ImageFolderScanner.Verification.DECODE).scan(root));
        ImageFolderIndex ok = new ImageFolderScanner(CorruptionLimit.fraction(0.20),
                ImageFolderScanner.Verification.DECODE).scan(root);
        assertEquals(1, ok.skipped().size());
    }

    @Test
    void headerVerificationCatchesGarbageButNotTruncation() throws Exception {
        mixedDataset();
        TinyImages.writeGarbage(root.resolve("dogs/fake.png"));
        ImageFolderIndex index = new ImageFolderScanner(CorruptionLimit.count(5),
                ImageFolderScanner.Verification.HEADER).scan(root);
        assertEquals(List.of(root.resolve("dogs/fake.png")),
                index.skipped().stream().map(SkippedFile::path).toList());
    }

    @Test
    void missingFolderIsReported() {
        Path missing = root.resolve("nope");
        DatasetFolderNotFoundException e = assertThrows(DatasetFolderNotFoundException.class,
                () -> new ImageFolderScanner().scan(missing));
        assertEquals(missing, e.folder());
        assertTrue(e.getMessage().contains("nope"));
    }

    @Test
    void aFileInsteadOfAFolderIsReportedAsNotFound() throws Exception {
        Path file = Files.writeString(root.resolve("file.txt"), "x");
        assertThrows(DatasetFolderNotFoundException.class, () -> new ImageFolderScanner().scan(file));
    }

    @Test
    void emptyFolderIsReported() {
        EmptyDatasetException e = assertThrows(EmptyDatasetException.class, () -> new ImageFolderScanner().scan(root));
        assertTrue(e.getMessage().contains("no class sub-folders"), e.getMessage());
    }

    @Test
    void classFoldersWithoutImagesAreReportedAsEmptyDataset() throws Exception {
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        Files.writeString(root.resolve("b/readme.txt"), "x");
        assertThrows(EmptyDatasetException.class, () -> new ImageFolderScanner().scan(root));
    }

    @Test
    void oneClassIsReported() throws Exception {
        TinyImages.dataset(root, 1, 3);
        TooFewClassesException e = assertThrows(TooFewClassesException.class, () -> new ImageFolderScanner().scan(root));
        assertEquals(List.of("c0"), e.classNames());
    }

    @Test
    void aClassFolderWithoutReadableImagesIsReported() throws Exception {
        TinyImages.dataset(root, 2, 2);
        Files.createDirectories(root.resolve("c2"));
        EmptyClassException e = assertThrows(EmptyClassException.class, () -> new ImageFolderScanner().scan(root));
        assertEquals(List.of("c2"), e.emptyClasses());
    }
}
