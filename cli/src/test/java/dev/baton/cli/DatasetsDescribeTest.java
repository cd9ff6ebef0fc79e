package dev.baton.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code baton datasets upload|describe|list} show the held-out test split's counts when there is one. */
class DatasetsDescribeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDatasetWithATestSplitShowsBothCounts() throws Exception {
        String text = DatasetsCommand.describe(JSON.readTree("""
                {"name": "flowers", "classes": {"daisy": 2, "rose": 1}, "images": 3,
                 "testClasses": {"daisy": 1, "rose": 2}, "testImages": 3, "bytes": 10, "skipped": []}"""));
        assertEquals("flowers: 3 images, 2 classes {\"daisy\":2,\"rose\":1}; held-out test split: 3 images "
                + "{\"daisy\":1,\"rose\":2}", text);
    }

    @Test
    void aDatasetWithoutOneReadsAsBefore() throws Exception {
        String text = DatasetsCommand.describe(JSON.readTree("""
                {"name": "flowers", "classes": {"daisy": 2, "rose": 1}, "images": 3, "bytes": 10, "skipped": []}"""));
        assertEquals("flowers: 3 images, 2 classes {\"daisy\":2,\"rose\":1}", text);
    }
}
