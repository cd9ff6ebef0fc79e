package dev.baton.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory one service container may use, part by part, against its limit: the heap (MaxRAMPercentage of
 * the limit) plus the native budget. The configurable parts (limit, heap share, thread stack size, models
 * loaded, lanes, batch size, device) are read from the rendered manifest, with the service's
 * application.properties as default; the per-part sizes below are upper bounds with their sources.
 *
 * @param workload the Deployment
 * @param limitMib the container's memory limit
 * @param heapMib the maximum heap
 * @param nativeParts every native part by name, MiB
 */
record MemoryBudget(String workload, long limitMib, long heapMib, Map<String, Long> nativeParts) {
    /** Metaspace, code cache, GC structures and direct buffers of Quarkus, Netty and the Kafka clients. */
    static final long JVM_NATIVE_MIB = 320;
    /** Netty's pooled direct buffers while the gateway streams uploads. */
    static final long GATEWAY_DIRECT_BUFFERS_MIB = 128;
    /** Threads a service may run (Quarkus' worker pool, event loops, Kafka clients, lanes, DJL). */
    static final int GATEWAY_THREADS = 220;
    static final int WORKER_THREADS = 128;
    /** libtorch's CPU runtime with oneDNN and OpenMP buffers (bench/RESULTS.md: ~260 MiB RSS at rest incl. JVM). */
    static final long LIBTORCH_CPU_MIB = 600;
    /** libtorch with CUDA, cuDNN and cuBLAS: host memory of the CUDA context and the libraries. */
    static final long LIBTORCH_CUDA_HOST_MIB = 3072;
    /** The largest model: VGG16 with its fully connected classifier, float32 (~138 M parameters). */
    static final long MODEL_MIB = 528;
    /** Activations of one 224 px image in inference (bench: VGG16 at 224 px, batch 2, 433.5 MiB peak RSS). */
    static final long INFER_ACTIVATION_MIB = 64;
    /** Activations kept for backward of one 224 px image (bench: FULL training rows, DJL keeps intermediates). */
    static final long TRAIN_ACTIVATION_MIB = 128;
    /** Weights, gradients and two optimizer moments. */
    static final int TRAINING_STATE_COPIES = 4;
    /**
     * The largest batch at 224 px a trainer is sized for. The trainer does not enforce it yet (a request may
     * ask for up to 1024 images; README "What is left").
     */
    static final int TRAINER_BATCH = 32;

    private static final Pattern STACK = Pattern.compile("-Xss(\\d+)([kmg])");

    long totalMib() {
        return heapMib + nativeParts.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean fits() {
        return totalMib() <= limitMib;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("heap " + heapMib + " MiB");
        nativeParts.forEach((part, mib) -> s.append(" + ").append(part).append(' ').append(mib).append(" MiB"));
        return s.append(" = ").append(totalMib()).append(" MiB of a ").append(limitMib).append(" MiB limit").toString();
    }

    /** @return the budget of every Baton service Deployment of the overlay */
    static List<MemoryBudget> of(Rendered r) {
        List<MemoryBudget> out = new ArrayList<>();
        for (ObjectNode d : r.all("Deployment")) {
            String name = d.path("metadata").path("name").asText();
            if (Rules.SERVICES.contains(name)) {
                out.add(of(Rendered.id(d), Rendered.container(d.path("spec").path("template").path("spec"), name)));
            }
        }
        return out;
    }

    static MemoryBudget of(String workload, JsonNode container) {
        String name = container.path("name").asText();
        long limit = mebibytes(container.path("resources").path("limits").path("memory").asText("0"));
        long heap = limit * Rules.heapPercent(container) / 100;
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put("JVM", JVM_NATIVE_MIB);
        switch (name) {
            case "api-gateway" -> {
                parts.put("stacks", GATEWAY_THREADS * stackMib(container));
                parts.put("direct buffers", GATEWAY_DIRECT_BUFFERS_MIB);
            }
            case "inference-worker" -> {
                Path properties = Project.root().resolve("inference-worker/src/main/resources/application.properties");
                int models = setting(container, "BATON_INFERENCE_MODELS_MAX_LOADED", properties, "baton.inference.models.max-loaded");
                int lanes = setting(container, "BATON_INFERENCE_LANES", properties, "baton.inference.batch.workers");
                int batch = setting(container, "BATON_INFERENCE_MAX_BATCH", properties, "baton.inference.batch.max-size");
                if (lanes == 0) {
                    lanes = (int) Math.ceil(cpus(container.path("resources").path("limits").path("cpu").asText("1")));
                }
                parts.put("stacks", WORKER_THREADS * stackMib(container));
                parts.put("libtorch", LIBTORCH_CPU_MIB);
                parts.put(models + " models", models * MODEL_MIB);
                parts.put(lanes + " lanes x " + batch + " images", (long) lanes * batch * INFER_ACTIVATION_MIB);
            }
            case "trainer-worker" -> {
                boolean gpu = "GPU".equals(Rendered.env(container, "BATON_TRAINER_DEVICE"));
                parts.put("stacks", WORKER_THREADS * stackMib(container));
                parts.put(gpu ? "libtorch CUDA (host)" : "libtorch", gpu ? LIBTORCH_CUDA_HOST_MIB : LIBTORCH_CPU_MIB);
                // On a GPU the state lives on the device; a checkpoint copies it to the host.
                parts.put("model, gradients, optimizer state", TRAINING_STATE_COPIES * MODEL_MIB);
                parts.put("checkpoint copy", MODEL_MIB);
                if (!gpu) {
                    parts.put("activations of " + TRAINER_BATCH + " images", TRAINER_BATCH * TRAIN_ACTIVATION_MIB);
                }
            }
            default -> throw new IllegalArgumentException("no memory budget for " + name);
        }
        return new MemoryBudget(workload, limit, heap, parts);
    }

    static long mebibytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti)?").matcher(quantity);
        if (!m.matches()) {
            throw new IllegalArgumentException("memory quantity " + quantity + " is not in Ki/Mi/Gi/Ti");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> n / 1024;
            case "Mi" -> n;
            case "Gi" -> n * 1024;
            case "Ti" -> n * 1024 * 1024;
            default -> n / (1024 * 1024);
        };
    }

    private static double cpus(String quantity) {
        return quantity.endsWith("m") ? Double.parseDouble(quantity.substring(0, quantity.length() - 1)) / 1000
                : Double.parseDouble(quantity);
    }

    private static long stackMib(JsonNode container) {
        String options = Rendered.env(container, "JAVA_TOOL_OPTIONS");
        Matcher m = STACK.matcher(options == null ? "" : options);
        if (!m.find()) {
            return 1;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> Math.max(1, n / 1024);
            case "g" -> n * 1024;
            default -> n;
        };
    }

    /** @return the env value on the container, else the property's default in application.properties */
    private static int setting(JsonNode container, String variable, Path properties, String key) {
        String value = Rendered.env(container, variable);
        if (value == null) {
            value = Rules.property(properties, key);
            Matcher m = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)}").matcher(value);
            if (m.matches()) {
                value = m.group(1);
            }
        }
        return Integer.parseInt(value);
    }
}
