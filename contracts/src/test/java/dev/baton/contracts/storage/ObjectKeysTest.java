package dev.baton.contracts.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {
    @Test
    void layoutIsStableAndVersionsSortLexicographically() {
        assertEquals("datasets/fashion/images/Trouser/1.png", ObjectKeys.datasetImage("fashion", "Trouser", "1.png"));
        assertEquals("models/fashion/0000000007/", ObjectKeys.modelVersionPrefix("fashion", 7));
        assertEquals(7, ObjectKeys.versionOf(ObjectKeys.modelVersionPrefix("fashion", 7)));
        assertEquals("models/fashion/0000000007/manifest.json", ObjectKeys.modelVersionManifest("fashion", 7));
        assertEquals("base-models/mobilenet_v2-imagenet/", ObjectKeys.baseModelPrefix("mobilenet_v2-imagenet"));
        assertEquals("checkpoints/job-1/", ObjectKeys.checkpointPrefix("job-1"));
        assertEquals(-1, ObjectKeys.modelVersionPrefix("m", 9).compareTo(ObjectKeys.modelVersionPrefix("m", 10)));
        assertEquals("batches/batch-1/parts/000009.jsonl", ObjectKeys.batchPredictionPart("batch-1", 9));
        assertEquals(-1, ObjectKeys.batchPredictionPart("b", 9).compareTo(ObjectKeys.batchPredictionPart("b", 10)));
        assertEquals(ObjectKeys.batchPredictionWorkPrefix("batch-1") + "lease.json",
                ObjectKeys.batchPredictionLease("batch-1"));
        assertEquals("predictions/batch-1/status.json", ObjectKeys.batchPredictionStatus("batch-1"));
    }

    @Test
    void namesCannotReachOutsideTheirPrefix() {
        for (String bad : new String[] {"..", "../x", "a/b", "/abs", "", "UPPER", "a..b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ObjectKeys.modelPrefix(bad), bad);
            assertEquals("model name '" + bad + "' must be 1-63 characters of a-z, 0-9, '.', '_' or '-', "
                    + "starting with a letter or digit", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.datasetImage("d", "..", "x.png"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.datasetImage("d", "cat", "../x.png"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.checkpointPrefix("a/b"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.modelVersionPrefix("m", 0));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.batchPredictionLease("../b"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.batchPredictionPart("b", -1));
    }

    @Test
    void splitImagesLieUnderTrainAndTestAndParseBack() {
        assertEquals("datasets/fashion/images/train/Trouser/1.png",
                ObjectKeys.datasetImage("fashion", ImageSplit.TRAIN, "Trouser", "1.png"));
        assertEquals("datasets/fashion/images/test/Trouser/1.png",
                ObjectKeys.datasetImage("fashion", ImageSplit.TEST, "Trouser", "1.png"));
        assertEquals("datasets/fashion/images/test/", ObjectKeys.datasetSplitPrefix("fashion", ImageSplit.TEST));
        String images = ObjectKeys.datasetImagesPrefix("fashion");
        for (Optional<ImageSplit> split : List.of(Optional.<ImageSplit>empty(), Optional.of(ImageSplit.TRAIN),
                Optional.of(ImageSplit.TEST))) {
            String key = split.isEmpty() ? ObjectKeys.datasetImage("fashion", "Bag", "2.png")
                    : ObjectKeys.datasetImage("fashion", split.get(), "Bag", "2.png");
            assertEquals(Optional.of(new ObjectKeys.DatasetImage(split, "Bag")),
                    ObjectKeys.parseDatasetImage(key.substring(images.length())), key);
        }
        for (String notAnImage : new String[] {"train/1.png", "val/cat/1.png", "Train/cat/1.png", "a/b/c/1.png",
                "cat", "test/../1.png", "train/cat/"}) {
            assertTrue(ObjectKeys.parseDatasetImage(notAnImage).isEmpty(), notAnImage);
        }
    }

    @Test
    void classesCannotTakeASplitFolderName() {
        for (String reserved : new String[] {"train", "test", "Test", "val", "validation"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ObjectKeys.datasetImage("d", reserved, "x.png"), reserved);
            assertTrue(e.getMessage().contains("reserved"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> ObjectKeys.datasetImage("d", ImageSplit.TRAIN, reserved, "x.png"), reserved);
        }
        assertEquals(Optional.of(ImageSplit.TEST), ImageSplit.ofFolder("TEST"));
        assertTrue(ImageSplit.isValidationFolder("Val"));
    }
}
