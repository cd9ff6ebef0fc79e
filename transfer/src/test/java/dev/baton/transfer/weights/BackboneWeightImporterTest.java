package dev.baton.transfer.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.model.BackboneConfig;
import dev.baton.transfer.model.MobileNetV2;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackboneWeightImporterTest {

    private static Backbone tiny(NDManager manager, boolean initialise) {
        Backbone b = MobileNetV2.build(BackboneConfig.keras(0.25, 32));
        if (initialise) {
            b.block().initialize(manager, DataType.FLOAT32, b.inputShape(1));
        }
        return b;
    }

    /** Seeded random weights with the backbone's names and shapes. */
    private static WeightSet randomFor(Backbone b, long seed) {
        Random rnd = new Random(seed);
        List<NamedTensor> out = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : b.parameters().entrySet()) {
            long[] shape = e.getValue().getArray().getShape().getShape();
            float[] v = new float[(int) NamedTensor.elementCount(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
            out.add(new NamedTensor(e.getKey(), shape, v));
        }
        return WeightSet.of(out);
    }

    private static WeightSet replace(WeightSet s, String name, NamedTensor with) {
        List<NamedTensor> out = new ArrayList<>();
        for (NamedTensor t : s.tensors()) {
            if (!t.name().equals(name)) {
                out.add(t);
            } else if (with != null) {
                out.add(with);
            }
        }
        return WeightSet.of(out);
    }

    @Test
    void copiesEveryParameterByName() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone b = tiny(manager, true);
            WeightSet src = randomFor(b, 42);
            ImportReport r = BackboneWeightImporter.importInto(src, b.parameters(), true);
            assertEquals(List.copyOf(b.parameters().keySet()), r.importedParameters());
            assertEquals(src.elementCount(), r.importedElements());
            for (NamedTensor t : src.tensors()) {
                assertArrayEquals(t.values(), b.parameters().get(t.name()).getArray().toFloatArray(), t.name());
            }
            assertEquals(src.tensors(), BackboneWeightImporter.export(b.parameters()).tensors());
        }
    }

    @Test
    void namesTheParameterOnEveryMismatchAndWritesNothing() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone b = tiny(manager, true);
            WeightSet src = randomFor(b, 1);
            float[] before = b.parameters().get("features.0.0.weight").getArray().toFloatArray();

            String name = "features.4.conv.1.0.weight";
            NamedTensor good = src.require(name);
            NamedTensor wrong = new NamedTensor(name, new long[] {good.shape()[0], 1, 1, 9}, good.values());
            ParameterMismatchException shape = assertThrows(ParameterMismatchException.class,
                    () -> BackboneWeightImporter.importInto(replace(src, name, wrong), b.parameters(), false));
            assertEquals(name, shape.parameterName());
            assertEquals(ParameterMismatchException.Kind.SHAPE_MISMATCH, shape.kind());
            assertTrue(shape.getMessage().contains(name));
            assertArrayEquals(good.shape(), shape.expectedShape().orElseThrow());
            assertArrayEquals(wrong.shape(), shape.actualShape().orElseThrow());

            String bn = "features.18.1.running_var";
            ParameterMismatchException missing = assertThrows(ParameterMismatchException.class,
                    () -> BackboneWeightImporter.importInto(replace(src, bn, null), b.parameters(), false));
            assertEquals(bn, missing.parameterName());
            assertEquals(ParameterMismatchException.Kind.MISSING_IN_SOURCE, missing.kind());

            List<NamedTensor> extra = new ArrayList<>(src.tensors());
            extra.add(new NamedTensor("classifier.1.weight", new long[] {2, 2}, new float[4]));
            WeightSet withExtra = WeightSet.of(extra);
            ParameterMismatchException unexpected = assertThrows(ParameterMismatchException.class,
                    () -> BackboneWeightImporter.importInto(withExtra, b.parameters(), true));
            assertEquals("classifier.1.weight", unexpected.parameterName());
            assertEquals(ParameterMismatchException.Kind.UNEXPECTED_IN_SOURCE, unexpected.kind());

            assertArrayEquals(before, b.parameters().get("features.0.0.weight").getArray().toFloatArray());

            ImportReport lenient = BackboneWeightImporter.importInto(withExtra, b.parameters(), false);
            assertEquals(List.of("classifier.1.weight"), lenient.unusedSourceWeights());
        }
    }

    @Test
    void refusesAnUninitialisedBackbone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Backbone initialised = tiny(manager, true);
            WeightSet src = randomFor(initialised, 3);
            Backbone fresh = tiny(manager, false);
            Map<String, Parameter> target = new LinkedHashMap<>(fresh.parameters());
            ParameterMismatchException e = assertThrows(ParameterMismatchException.class,
                    () -> BackboneWeightImporter.importInto(src, target, true));
            assertEquals("features.0.0.weight", e.parameterName());
            assertEquals(ParameterMismatchException.Kind.UNINITIALISED_TARGET, e.kind());
        }
    }
}
