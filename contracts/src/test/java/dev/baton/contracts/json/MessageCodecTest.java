package dev.baton.contracts.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.Samples;
import dev.baton.contracts.messages.BaseArchitecture;
import dev.baton.contracts.messages.CancelRequest;
import dev.baton.contracts.messages.HeadType;
import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.messages.ModelAliasChanged;
import dev.baton.contracts.messages.ModelLoadFailed;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.ModelVersionDeleted;
import dev.baton.contracts.messages.ObjectRef;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.contracts.messages.TrainingEventType;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.messages.TrainingStrategy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private final MessageCodec codec = MessageCodec.instance();
    private static final Instant NOW = Instant.parse("2026-11-29T05:00:00Z");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyMessageRoundTripsThroughJson() {
        TrainingRequest request = Samples.trainingRequest("job-1");
        assertEquals(request, codec.decode(codec.encode(request), TrainingRequest.class));

        TrainingEvent event = TrainingEvent.of("job-1", TrainingEventType.EPOCH).by("trainer-a", 2).atEpoch(3, 4)
                .withMetrics(Map.of("loss", 0.5, "val_accuracy", 0.8));
        assertEquals(event, codec.decode(codec.encode(event), TrainingEvent.class));

        CancelRequest cancel = new CancelRequest(1, "job-1", NOW, "alice");
        assertEquals(cancel, codec.decode(codec.encode(cancel), CancelRequest.class));

        InferenceRequest inference = new InferenceRequest(1, "req-1", "fashion", null, "production",
                new byte[] {(byte) 0x89, 'P', 'N', 'G'}, null, 3, NOW);
        InferenceRequest decoded = codec.decode(codec.encode(inference), InferenceRequest.class);
        assertArrayEquals(inference.image(), decoded.image());
        assertEquals(inference.alias(), decoded.alias());

        InferenceResult result = new InferenceResult(1, "req-1", "fashion", 3,
                List.of(new InferenceResult.Prediction("Trouser", 0.9)), "probability", 1.5, 7.25, null, NOW);
        assertEquals(result, codec.decode(codec.encode(result), InferenceResult.class));

        ModelPublished published = new ModelPublished(1, "fashion", 7, new ObjectRef("baton-models", "models/fashion/0000000007/"),
                "job-1", BaseArchitecture.VGG16, HeadType.SVM, TrainingStrategy.FEATURE_EXTRACTION,
                Map.of("val_accuracy", 0.91), NOW);
        assertEquals(published, codec.decode(codec.encode(published), ModelPublished.class));

        ModelAliasChanged alias = new ModelAliasChanged(1, "fashion", "production", 7, "alice", NOW);
        assertEquals(alias, codec.decode(codec.encode(alias), ModelAliasChanged.class));

        ModelLoadFailed failed = new ModelLoadFailed(1, "fashion", 8, "inference-3f2a",
                "parameters.params is not a parameter file", NOW);
        assertEquals(failed, codec.decode(codec.encode(failed), ModelLoadFailed.class));

        ModelVersionDeleted deleted = new ModelVersionDeleted(1, "fashion", 7, "alice", NOW);
        assertEquals(deleted, codec.decode(codec.encode(deleted), ModelVersionDeleted.class));
        assertEquals("fashion/7", deleted.key());
    }

    @Test
    void aDeletionOfVersionZeroIsRejectedByName() {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> codec.decode(utf8(
                "{\"schemaVersion\":1,\"modelName\":\"fashion\",\"version\":0,"
                        + "\"deletedAt\":\"2026-11-29T05:00:00Z\"}"), ModelVersionDeleted.class));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }

    @Test
    void aLoadFailureWithoutAReasonIsRejectedByName() {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> codec.decode(utf8(
                "{\"schemaVersion\":1,\"modelName\":\"fashion\",\"version\":8,\"workerId\":\"w\","
                        + "\"failedAt\":\"2026-11-29T05:00:00Z\"}"), ModelLoadFailed.class));
        assertTrue(e.getMessage().contains("reason"), e.getMessage());
    }

    @Test
    void enumsAndTimesAreWrittenTheWayUsersTypeThem() {
        String json = new String(codec.encode(Samples.trainingRequest("job-1")), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"base\":\"mobilenet_v2\""), json);
        assertTrue(json.contains("\"strategy\":\"fine_tune\""), json);
        assertTrue(json.contains("\"submittedAt\":\"2026-11-29T05:00:00Z\""), json);
        assertEquals(Samples.trainingRequest("job-1"), codec.decode(utf8(Samples.trainingRequestJson()), TrainingRequest.class));
    }

    @Test
    void notJsonIsMalformedAndSaysWhere() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.decode(utf8("{\"jobId\": \"job-1\",, }"), TrainingRequest.class));
        assertTrue(e.getMessage().startsWith("malformed training request: not valid JSON at line 1, column "),
                e.getMessage());
        assertThrows(MalformedMessageException.class, () -> codec.decode(new byte[0], TrainingRequest.class));
        assertThrows(MalformedMessageException.class, () -> codec.decode(utf8("null"), TrainingRequest.class));
        assertThrows(MalformedMessageException.class,
                () -> codec.decode(utf8(Samples.trainingRequestJson() + " {}"), TrainingRequest.class));
    }

    @Test
    void unknownBaseNamesTheFieldAndTheAcceptedValues() {
        String json = Samples.trainingRequestJson().replace("\"mobilenet_v2\",", "\"resnet50\",");
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.decode(utf8(json), TrainingRequest.class));
        assertEquals(List.of(new FieldViolation("base", "unknown value 'resnet50' (accepted: vgg16, mobilenet_v2)")),
                e.violations());
    }

    @Test
    void wrongTypeNamesTheField() {
        String json = Samples.trainingRequestJson().replace("\"epochs\":4", "\"epochs\":\"four\"");
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.decode(utf8(json), TrainingRequest.class));
        assertEquals("epochs", e.violations().get(0).field());
    }

    @Test
    void aFractionWhereAnIntegerBelongsIsRefusedNotCut() {
        String json = Samples.trainingRequestJson().replace("\"epochs\":4", "\"epochs\":1.9");
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> codec.decode(utf8(json), TrainingRequest.class));
        assertEquals("epochs", e.violations().get(0).field());
    }

    @Test
    void messagesNeverShowATemplate() {
        TrainingRequest sample = Samples.trainingRequest("job-1");
        String json = new String(codec.encode(sample), StandardCharsets.UTF_8)
                .replaceFirst("\"learningRate\":[0-9.eE-]+", "\"learningRate\":\"NaN\"")
                .replaceFirst("\"validationSplit\":[0-9.eE-]+", "\"validationSplit\":0.9");
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> codec.decode(utf8(json), TrainingRequest.class));
        assertTrue(e.violations().stream().anyMatch(v -> v.field().equals("validationSplit")
                && v.message().equals("must be less than or equal to 0.5")), e.violations().toString());
        assertTrue(e.violations().stream().anyMatch(v -> v.field().equals("learningRate")), e.violations().toString());
        assertTrue(e.violations().stream().noneMatch(v -> v.message().contains("${")), e.violations().toString());
    }

    @Test
    void invalidValuesAreAllReportedWithTheirFields() {
        String json = Samples.trainingRequestJson().replace("\"epochs\":4", "\"epochs\":-3")
                .replace("\"modelName\":\"fashion\"", "\"modelName\":\"../etc\"")
                .replace("\"imageSize\":96", "\"imageSize\":4096");
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> codec.decode(utf8(json), TrainingRequest.class));
        assertEquals(List.of("epochs", "imageSize", "modelName"),
                e.violations().stream().map(FieldViolation::field).toList());
        assertEquals("must be greater than or equal to 1", e.violations().get(0).message());
        assertEquals("must be less than or equal to 224", e.violations().get(1).message());
    }

    @Test
    void randomInitNeedsFullTraining() {
        TrainingRequest valid = Samples.trainingRequest("job-1");
        TrainingRequest frozenRandom = new TrainingRequest(1, "job-1", "m", "d", BaseArchitecture.VGG16,
                TrainingRequest.RANDOM_INIT, TrainingStrategy.FEATURE_EXTRACTION, null, null, HeadType.DENSE, 1, 8,
                0.01, null, 32, 1.0, false, 0.2, 1L, null, null, valid.submittedAt());
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> codec.requireValid(frozenRandom));
        assertEquals(List.of(new FieldViolation("", "pretrained 'none' (random initialisation) needs strategy 'full': "
                + "a frozen random base learns nothing")), e.violations());
    }

    @Test
    void missingRequiredFieldIsNamed() {
        String json = Samples.trainingRequestJson().replace("\"dataset\":\"fashion-mnist\",", "");
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> codec.decode(utf8(json), TrainingRequest.class));
        assertEquals(List.of(new FieldViolation("dataset", "must not be null")), e.violations());
    }

    @Test
    void oversizedInlineImageIsRejectedWithTheLimit() {
        InferenceRequest big = new InferenceRequest(1, "req-1", "fashion", null, null,
                new byte[InferenceRequest.MAX_INLINE_IMAGE_BYTES + 1], null, 1, NOW);
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> codec.requireValid(big));
        assertEquals("image", e.violations().get(0).field());
        assertTrue(e.violations().get(0).message().contains("at most 4194304 bytes"), e.getMessage());
    }

    @Test
    void inferenceRequestNeedsExactlyOneImageSource() {
        InferenceRequest none = new InferenceRequest(1, "req-1", "fashion", null, null, null, null, 1, NOW);
        assertThrows(InvalidMessageException.class, () -> codec.requireValid(none));
        InferenceRequest traversal = new InferenceRequest(1, "req-1", "fashion", null, null, null,
                new ObjectRef("baton-data", "datasets/../../secret"), 1, NOW);
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> codec.requireValid(traversal));
        assertEquals("imageRef.key", e.violations().get(0).field());
    }

    @Test
    void newerSchemaVersionIsRefusedWithWhatToDo() {
        String json = Samples.trainingRequestJson().replace("\"schemaVersion\":1", "\"schemaVersion\":2");
        UnsupportedSchemaVersionException e = assertThrows(UnsupportedSchemaVersionException.class,
                () -> codec.decode(utf8(json), TrainingRequest.class));
        assertEquals("schemaVersion", e.violations().get(0).field());
        assertTrue(e.getMessage().contains("version 2 is not supported"), e.getMessage());
    }

    @Test
    void unknownFieldsFromNewerProducersAreIgnored() {
        String json = Samples.trainingRequestJson().replace("{\"schemaVersion\":1,", "{\"schemaVersion\":1,\"future\":true,");
        assertEquals("job-1", codec.decode(utf8(json), TrainingRequest.class).jobId());
    }
}
