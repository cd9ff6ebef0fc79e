package dev.baton.gateway;

import static dev.baton.gateway.support.ApiKeys.asSubmitter;
import static dev.baton.gateway.support.ApiKeys.asViewer;
import static dev.baton.gateway.support.TestDatasets.png;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.storage.ImageSplit;
import dev.baton.contracts.storage.ObjectInfo;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.gateway.support.Zips;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Dataset upload, registration, listing and deletion on the real S3Proxy. */
@QuarkusTest
class DatasetResourceTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PROBLEM = "application/problem+json";

    @Inject
    ObjectStore store;

    private static byte[] goodZip() {
        return Zips.archive()
                .with("flowers/daisy/1.png", png(16, 1))
                .with("flowers/daisy/2.png", png(16, 2))
                .with("flowers/rose/1.png", png(16, 3))
                .with("flowers/rose/notes.txt", "hello".getBytes(StandardCharsets.UTF_8))
                .with("flowers/rose/broken.png", "not a png".getBytes(StandardCharsets.UTF_8))
                .with("__MACOSX/flowers/rose/._1.png", new byte[] {1})
                .with("../../evil/x.png", png(8, 4))
                .with("flowers/rose/big.png", png(200, 5))
                .bytes();
    }

    @Test
    void uploadStoresDecodableImagesAndReportsWhatItSkipped() {
        String name = "gw-ds-" + RUN + "-up";
        asSubmitter().contentType("application/zip").body(goodZip()).put("/api/v1/datasets/" + name).then()
                .statusCode(201)
                .body("name", is(name)).body("images", is(3))
                .body("classes.daisy", is(2)).body("classes.rose", is(1))
                .body("skipped.size()", is(5))
                .body("skipped.find { it.path == 'flowers/rose/notes.txt' }.reason", containsString("not an image"))
                .body("skipped.find { it.path == 'flowers/rose/broken.png' }.reason", containsString("decodable"))
                .body("skipped.find { it.path == '../../evil/x.png' }.reason", is("unsafe path"))
                .body("skipped.find { it.path == 'flowers/rose/big.png' }.reason", containsString("larger than"));
        assertArrayEquals(png(16, 3), store.read(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetImage(name, "rose", "1.png")));
        assertTrue(store.list(ObjectKeys.DATA_BUCKET, "evil/").isEmpty());
        asViewer().get("/api/v1/datasets/" + name).then().statusCode(200).body("images", is(3));
        asViewer().get("/api/v1/datasets").then().statusCode(200).body("name", hasItem(name));
        asSubmitter().contentType("application/zip").body(goodZip()).put("/api/v1/datasets/" + name).then()
                .statusCode(409).contentType(PROBLEM);
        asViewer().delete("/api/v1/datasets/" + name).then().statusCode(403).contentType(PROBLEM);
        asSubmitter().delete("/api/v1/datasets/" + name).then().statusCode(204);
        asViewer().get("/api/v1/datasets/" + name).then().statusCode(404).contentType(PROBLEM);
        asViewer().get("/api/v1/datasets").then().statusCode(200).body("name", not(hasItem(name)));
        asSubmitter().delete("/api/v1/datasets/" + name).then().statusCode(404).contentType(PROBLEM);
        assertTrue(store.list(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetPrefix(name)).isEmpty());
    }

    @Test
    void oneClassIsRefusedAndLeavesNothingBehind() {
        String name = "gw-ds-" + RUN + "-one";
        byte[] zip = Zips.archive().with("daisy/1.png", png(8, 1)).with("daisy/2.png", png(8, 2)).bytes();
        asSubmitter().contentType("application/zip").body(zip).put("/api/v1/datasets/" + name).then()
                .statusCode(400).contentType(PROBLEM).body("violations[0].field", is("file"))
                .body("detail", containsString("two classes"));
        assertTrue(store.list(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetPrefix(name)).isEmpty());
    }

    @Test
    void aBodyThatIsNotAZipIs400() {
        asSubmitter().contentType("application/zip").body("just text".getBytes(StandardCharsets.UTF_8))
                .put("/api/v1/datasets/gw-ds-" + RUN + "-text").then().statusCode(400).contentType(PROBLEM)
                .body("violations[0].field", is("file"));
    }

    @Test
    void anOversizedZipIs413AndLeavesNothingBehind() {
        String name = "gw-ds-" + RUN + "-big";
        Zips zips = Zips.archive();
        for (int i = 0; i < 12; i++) {
            zips.with("a/" + i + ".png", png(100, i)).with("b/" + i + ".png", png(100, 100 + i));
        }
        asSubmitter().contentType("application/zip").body(zips.bytes()).put("/api/v1/datasets/" + name).then()
                .statusCode(413).contentType(PROBLEM).body("violations[0].field", is("file"));
        assertTrue(store.list(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetPrefix(name)).isEmpty());
    }

    @Test
    void namesThatCouldLeaveThePrefixAre400() {
        asSubmitter().contentType("application/zip").body(goodZip()).put("/api/v1/datasets/Upper..Case").then()
                .statusCode(400).contentType(PROBLEM).body("violations[0].field", is("name"));
        asSubmitter().contentType("application/zip").body(goodZip()).put("/api/v1/datasets/a..b").then()
                .statusCode(400).contentType(PROBLEM).body("violations[0].field", is("name"));
    }

    @Test
    void registerPublishesImagesAlreadyInTheStore() {
        String name = "gw-ds-" + RUN + "-reg";
        asSubmitter().post("/api/v1/datasets/" + name + "/register").then().statusCode(400).contentType(PROBLEM);
        store.put(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetImage(name, "cat", "1.png"), png(8, 1), "image/png");
        store.put(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetImage(name, "dog", "1.png"), png(8, 2), "image/png");
        asSubmitter().post("/api/v1/datasets/" + name + "/register").then().statusCode(201)
                .body("classes.cat", is(1)).body("classes.dog", is(1)).body("images", is(2));
        asViewer().get("/api/v1/datasets/" + name).then().statusCode(200);
        asSubmitter().post("/api/v1/datasets/" + name + "/register").then().statusCode(409).contentType(PROBLEM);
        asSubmitter().delete("/api/v1/datasets/" + name).then().statusCode(204);
    }

    private static byte[] splitZip() {
        return Zips.archive()
                .with("flowers/train/daisy/1.png", png(16, 1))
                .with("flowers/train/daisy/2.png", png(16, 2))
                .with("flowers/train/rose/1.png", png(16, 3))
                .with("flowers/train/tulip/1.png", png(16, 4))
                .with("flowers/test/daisy/1.png", png(16, 5))
                .with("flowers/test/rose/9.png", png(16, 6))
                .with("flowers/test/rose/10.png", png(16, 7))
                .with("flowers/test/1.png", png(16, 8))
                .bytes();
    }

    private Set<String> keys(String name) {
        return store.list(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetImagesPrefix(name)).stream()
                .map(ObjectInfo::key).collect(Collectors.toSet());
    }

    @Test
    void aSplitUploadKeepsItsTestImagesApartAndReportsBothCounts() {
        String name = "gw-ds-" + RUN + "-split";
        asSubmitter().contentType("application/zip").body(splitZip()).put("/api/v1/datasets/" + name).then()
                .statusCode(201)
                .body("images", is(4)).body("classes.daisy", is(2)).body("classes.rose", is(1))
                .body("classes.tulip", is(1))
                .body("testImages", is(3)).body("testClasses.daisy", is(1)).body("testClasses.rose", is(2))
                .body("testClasses.tulip", nullValue())
                .body("skipped.find { it.path == 'flowers/test/1.png' }.reason",
                        is("directly in test/, not in one of its class folders (test/<class>/<file>)"));
        assertEquals(Set.of(
                ObjectKeys.datasetImage(name, ImageSplit.TRAIN, "daisy", "1.png"),
                ObjectKeys.datasetImage(name, ImageSplit.TRAIN, "daisy", "2.png"),
                ObjectKeys.datasetImage(name, ImageSplit.TRAIN, "rose", "1.png"),
                ObjectKeys.datasetImage(name, ImageSplit.TRAIN, "tulip", "1.png"),
                ObjectKeys.datasetImage(name, ImageSplit.TEST, "daisy", "1.png"),
                ObjectKeys.datasetImage(name, ImageSplit.TEST, "rose", "9.png"),
                ObjectKeys.datasetImage(name, ImageSplit.TEST, "rose", "10.png")), keys(name));
        assertArrayEquals(png(16, 5), store.read(ObjectKeys.DATA_BUCKET,
                ObjectKeys.datasetImage(name, ImageSplit.TEST, "daisy", "1.png")));
        asViewer().get("/api/v1/datasets/" + name).then().statusCode(200)
                .body("images", is(4)).body("testImages", is(3)).body("testClasses.rose", is(2));

        // Uploading again under the name means deleting first; the new, flat upload keeps no test split.
        asSubmitter().contentType("application/zip").body(goodZip()).put("/api/v1/datasets/" + name).then()
                .statusCode(409).contentType(PROBLEM);
        asSubmitter().delete("/api/v1/datasets/" + name).then().statusCode(204);
        asSubmitter().contentType("application/zip").body(goodZip()).put("/api/v1/datasets/" + name).then()
                .statusCode(201).body("images", is(3)).body("testImages", is(0)).body("testClasses.size()", is(0));
        assertEquals(Set.of(ObjectKeys.datasetImage(name, "daisy", "1.png"), ObjectKeys.datasetImage(name, "daisy",
                "2.png"), ObjectKeys.datasetImage(name, "rose", "1.png")), keys(name));
        asViewer().get("/api/v1/datasets/" + name).then().statusCode(200).body("testImages", is(0));
        asSubmitter().delete("/api/v1/datasets/" + name).then().statusCode(204);
    }

    @Test
    void aTrainFolderAloneIsATrainingSetWithoutTestImages() {
        String name = "gw-ds-" + RUN + "-trainonly";
        byte[] zip = Zips.archive().with("train/cat/1.png", png(8, 1)).with("train/dog/1.png", png(8, 2)).bytes();
        asSubmitter().contentType("application/zip").body(zip).put("/api/v1/datasets/" + name).then()
                .statusCode(201).body("images", is(2)).body("testImages", is(0));
        assertEquals(Set.of(ObjectKeys.datasetImage(name, ImageSplit.TRAIN, "cat", "1.png"),
                ObjectKeys.datasetImage(name, ImageSplit.TRAIN, "dog", "1.png")), keys(name));
        asSubmitter().delete("/api/v1/datasets/" + name).then().statusCode(204);
    }

    private void refused(String suffix, byte[] zip, String... details) {
        String name = "gw-ds-" + RUN + "-" + suffix;
        var response = asSubmitter().contentType("application/zip").body(zip).put("/api/v1/datasets/" + name).then()
                .statusCode(400).contentType(PROBLEM).body("violations[0].field", is("file"));
        for (String detail : details) {
            response.body("detail", containsString(detail));
        }
        assertTrue(store.list(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetPrefix(name)).isEmpty());
    }

    @Test
    void aZipMixingTopClassFoldersWithSplitsIsRefused() {
        refused("mix", Zips.archive().with("train/cat/1.png", png(8, 1)).with("train/dog/1.png", png(8, 2))
                .with("test/cat/2.png", png(8, 3)).with("bird/1.png", png(8, 4)).bytes(),
                "mixes class folders at the top ('bird/1.png')", "'train/cat/1.png'");
    }

    @Test
    void testClassesThatTrainingLacksAreRefusedByName() {
        refused("unknown", Zips.archive().with("train/cat/1.png", png(8, 1)).with("train/dog/1.png", png(8, 2))
                .with("test/cat/2.png", png(8, 3)).with("test/bird/1.png", png(8, 4)).with("test/fox/1.png", png(8, 5))
                .bytes(), "test/ has classes [bird, fox] that train/ lacks (train/ has [cat, dog])");
    }

    @Test
    void testImagesWithoutTrainImagesAreRefused() {
        refused("testonly", Zips.archive().with("test/cat/1.png", png(8, 1)).with("test/dog/1.png", png(8, 2)).bytes(),
                "test/ images but no train/");
    }

    @Test
    void aValidationFolderIsRefused() {
        refused("val", Zips.archive().with("top/train/cat/1.png", png(8, 1)).with("top/train/dog/1.png", png(8, 2))
                .with("top/val/cat/2.png", png(8, 3)).bytes(), "'val/' folder", "validationSplit");
    }

    @Test
    void registerReadsASplitLayoutToo() {
        String name = "gw-ds-" + RUN + "-regsplit";
        store.put(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetImage(name, ImageSplit.TRAIN, "cat", "1.png"), png(8, 1),
                "image/png");
        store.put(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetImage(name, ImageSplit.TRAIN, "dog", "1.png"), png(8, 2),
                "image/png");
        store.put(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetImage(name, ImageSplit.TEST, "dog", "2.png"), png(8, 3),
                "image/png");
        asSubmitter().post("/api/v1/datasets/" + name + "/register").then().statusCode(201)
                .body("classes.cat", is(1)).body("classes.dog", is(1)).body("images", is(2))
                .body("testClasses.dog", is(1)).body("testImages", is(1));
        asSubmitter().delete("/api/v1/datasets/" + name).then().statusCode(204);
    }
}
