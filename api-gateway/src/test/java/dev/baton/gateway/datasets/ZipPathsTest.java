package dev.baton.gateway.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.storage.ImageSplit;
import dev.baton.gateway.problem.InvalidInputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where each path of an uploaded zip goes, with or without one top folder. */
class ZipPathsTest {
    private static Optional<ZipPaths.Place> place(String path) {
        return ZipPaths.place(path.split("/"));
    }

    private static ZipPaths.Place at(ImageSplit split, String className) {
        return new ZipPaths.Place(Optional.ofNullable(split), className, "1.png");
    }

    @Test
    void bothLayoutsWithOrWithoutATopFolder() {
        assertEquals(Optional.of(at(null, "cat")), place("cat/1.png"));
        assertEquals(Optional.of(at(null, "cat")), place("top/cat/1.png"));
        assertEquals(Optional.of(at(ImageSplit.TRAIN, "cat")), place("train/cat/1.png"));
        assertEquals(Optional.of(at(ImageSplit.TEST, "cat")), place("top/test/cat/1.png"));
        assertEquals(Optional.of(at(ImageSplit.TEST, "cat")), place("Top/TEST/cat/1.png"));
    }

    @Test
    void imagesOutsideAClassFolderHaveNoPlaceAndSayWhy() {
        for (String path : new String[] {"1.png", "train/1.png", "top/test/1.png", "a/b/cat/1.png", "a/b/c/d/1.png",
                "train/test/1.png"}) {
            assertTrue(place(path).isEmpty(), path);
        }
        assertEquals("directly in train/, not in one of its class folders (train/<class>/<file>)",
                ZipPaths.whyNoPlace("top/train/1.png".split("/")));
        assertTrue(ZipPaths.whyNoPlace("a/b/cat/1.png".split("/")).startsWith("not in a class folder"));
        assertEquals("in a class folder named 'test' inside train/: Baton reserves the names of its splits (train, "
                + "test) for them; rename the class", ZipPaths.whyNoPlace("top/train/test/1.png".split("/")));
        assertTrue(ZipPaths.whyNoPlace("Train/TRAIN/1.png".split("/")).contains("named 'TRAIN' inside Train/"));
    }

    @Test
    void validationFoldersAreRefused() {
        for (String path : new String[] {"val/cat/1.png", "top/validation/cat/1.png", "val/1.png", "top/Val/1.png"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> place(path), path);
            assertTrue(e.getMessage().contains("validationSplit"), e.getMessage());
        }
    }
}
