package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The memory budget's arithmetic: heap share × limit plus the native parts, the configurable ones read from
 * the container (or the service's application.properties when the container does not set them).
 */
class MemoryBudgetTest {
    @Test
    void theReviewedInferenceWorkerDoesNotFit() {
        // The manifest the review found: 70 % heap of 3 GiB, and the application's defaults (8 models, 32 images).
        MemoryBudget b = MemoryBudget.of("Deployment/inference-worker", ManifestSchemaTest.yaml("""
                name: inference-worker
                env:
                  - {name: JAVA_TOOL_OPTIONS, value: "-XX:MaxRAMPercentage=70 -Dai.djl.offline=true -Xss4m"}
                resources: {limits: {cpu: "2", memory: 3Gi}}
                """));
        assertEquals(3072, b.limitMib());
        assertEquals(2150, b.heapMib(), "70 % of 3072 MiB");
        assertEquals(8 * MemoryBudget.MODEL_MIB, b.nativeParts().get("8 models"), "max-loaded from application.properties");
        assertEquals(2L * 32 * MemoryBudget.INFER_ACTIVATION_MIB, b.nativeParts().get("2 lanes x 32 images"),
                "lanes 0 means one per CPU of the limit; batch from application.properties");
        assertEquals(128 * 4L, b.nativeParts().get("stacks"), "-Xss4m per thread");
        assertFalse(b.fits(), b.toString());
    }

    @Test
    void theCpuTrainerOfTheReviewLeftTooLittleForTensors() {
        MemoryBudget b = MemoryBudget.of("Deployment/trainer-worker", ManifestSchemaTest.yaml("""
                name: trainer-worker
                env:
                  - {name: JAVA_TOOL_OPTIONS, value: "-XX:MaxRAMPercentage=70 -Dai.djl.offline=true -Xss4m"}
                  - {name: BATON_TRAINER_DEVICE, value: CPU}
                resources: {limits: {memory: 12Gi}}
                """));
        assertEquals(8601, b.heapMib());
        assertTrue(b.nativeParts().containsKey("activations of " + MemoryBudget.TRAINER_BATCH + " images"));
        assertFalse(b.fits(), b.toString());
    }

    @Test
    void aGpuTrainerKeepsActivationsOnTheDeviceAndTheJvmDefaultHeapIsAQuarter() {
        MemoryBudget b = MemoryBudget.of("Deployment/trainer-worker", ManifestSchemaTest.yaml("""
                name: trainer-worker
                env:
                  - {name: BATON_TRAINER_DEVICE, value: GPU}
                resources: {limits: {memory: 16Gi}}
                """));
        assertEquals(4096, b.heapMib(), "no MaxRAMPercentage: the JVM's 25 %");
        assertEquals(MemoryBudget.LIBTORCH_CUDA_HOST_MIB, b.nativeParts().get("libtorch CUDA (host)"));
        assertFalse(b.nativeParts().keySet().stream().anyMatch(k -> k.startsWith("activations")));
        assertEquals(128L, b.nativeParts().get("stacks"), "the JVM's 1 MiB default stack");
        assertTrue(b.fits(), b.toString());
    }

    @Test
    void quantitiesAreReadInBinaryUnits() {
        assertEquals(1536, MemoryBudget.mebibytes("1536Mi"));
        assertEquals(8192, MemoryBudget.mebibytes("8Gi"));
        assertEquals(1, MemoryBudget.mebibytes("1024Ki"));
        assertEquals(2100L * 1024 * 1024, Rules.nginxBytes("2100m"));
        assertEquals(2L * 1024 * 1024 * 1024, Rules.nginxBytes("2g"));
    }
}
