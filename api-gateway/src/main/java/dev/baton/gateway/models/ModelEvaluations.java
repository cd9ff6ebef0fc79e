package dev.baton.gateway.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.gateway.problem.NoTestEvaluationException;
import dev.baton.gateway.problem.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a published version's test evaluation from its bundle manifest ({@link ObjectKeys#BUNDLE_MANIFEST}),
 * which the trainer writes with test accuracy, per-class precision and recall and the confusion matrix
 * when the dataset has a test split.
 */
@ApplicationScoped
public class ModelEvaluations {
    private final ModelCatalog catalog;
    private final ObjectStore store;
    private final ObjectMapper json;

    ModelEvaluations(ModelCatalog catalog, ObjectStore store, ObjectMapper json) {
        this.catalog = catalog;
        this.store = store;
        this.json = json;
    }

    /**
     * @return the version's test evaluation
     * @throws NotFoundException for an unknown model or version
     * @throws NoTestEvaluationException when the version holds none (no manifest, or no test split)
     */
    public ModelEvaluation of(String model, int version) {
        ModelVersion found = catalog.version(model, version);
        if (!found.files().contains(ObjectKeys.BUNDLE_MANIFEST)) {
            throw new NoTestEvaluationException(model, version, "its bundle has no " + ObjectKeys.BUNDLE_MANIFEST);
        }
        StoredManifest manifest;
        try (InputStream in = store.open(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelVersionManifest(model, version))) {
            manifest = json.readValue(in, StoredManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + model + " v" + version, e);
        }
        StoredReport test = manifest.test();
        if (test == null || test.confusionMatrix() == null) {
            throw new NoTestEvaluationException(model, version, "the dataset it was trained on had no test split "
                    + "(to get one, upload a zip with train/<class>/ and test/<class>/ folders and train on it)");
        }
        return evaluation(model, version, test, manifest.classNames());
    }

    private static ModelEvaluation evaluation(String model, int version, StoredReport test, List<String> fallback) {
        int[][] matrix = test.confusionMatrix();
        List<String> names = test.classNames() != null ? test.classNames() : fallback;
        List<ModelEvaluation.ClassEvaluation> classes = new ArrayList<>();
        long images = 0;
        for (int c = 0; c < matrix.length; c++) {
            long support = 0;
            for (int count : matrix[c]) {
                support += count;
            }
            images += support;
            String name = names != null && c < names.size() ? names.get(c) : Integer.toString(c);
            classes.add(new ModelEvaluation.ClassEvaluation(name, finite(test.precision(), c),
                    finite(test.recall(), c), support));
        }
        return new ModelEvaluation(model, version, "test", test.accuracy(), finite(test.loss()), images,
                classes, matrix);
    }

    private static Double finite(List<Double> values, int index) {
        return values == null || index >= values.size() ? null : finite(values.get(index));
    }

    private static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }

    /** The part of {@code BundleManifest} this reads; the rest is left to the workers. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredManifest(List<String> classNames, StoredReport test) {
    }

    /** {@code ValidationReport} as the trainer writes it (NaN written as the string "NaN"). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredReport(Double loss, double accuracy, List<String> classNames, int[][] confusionMatrix,
            List<Double> precision, List<Double> recall) {
    }
}
