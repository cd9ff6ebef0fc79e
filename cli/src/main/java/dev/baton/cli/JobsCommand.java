package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton jobs}: submit, list, inspect, follow and cancel training jobs. */
@Command(name = "jobs", description = "Submit, list, follow and cancel training jobs.",
        subcommands = {JobsCommand.Submit.class, JobsCommand.ListAll.class, JobsCommand.Get.class,
                JobsCommand.Follow.class, JobsCommand.Cancel.class})
final class JobsCommand {

    /** Follows a job's event stream with a progress bar; returns the exit code (0 when it succeeded). */
    static int follow(GatewayClient client, String jobId) {
        ProgressPrinter printer = new ProgressPrinter(System.out);
        client.stream("/api/v1/training-jobs/" + jobId + "/events", printer::print);
        JsonNode last = printer.last();
        return last != null && "SUCCEEDED".equals(last.path("type").asText()) ? 0 : 1;
    }

    @Command(name = "submit", description = "Queue a training job.")
    static final class Submit extends GatewayCommand {
        @Option(names = "--model", required = true, description = "model name to publish under")
        String model;
        @Option(names = "--dataset", required = true, description = "dataset name")
        String dataset;
        @Option(names = "--base", defaultValue = "mobilenet_v2", description = "vgg16 or mobilenet_v2 (default ${DEFAULT-VALUE})")
        String base;
        @Option(names = "--pretrained", defaultValue = "mobilenet_v2-nsfwjs",
                description = "registered base weights, or none (default ${DEFAULT-VALUE})")
        String pretrained;
        @Option(names = "--strategy", defaultValue = "feature_extraction",
                description = "full, fine_tune, feature_extraction or two_phase (default ${DEFAULT-VALUE})")
        String strategy;
        @Option(names = "--unfreeze-last-blocks", description = "fine-tuning boundary: train the last N blocks")
        Integer unfreezeLastBlocks;
        @Option(names = "--unfreeze-from", description = "fine-tuning boundary: first block that trains, by name")
        String unfreezeFrom;
        @Option(names = "--head", defaultValue = "gap", description = "dense, gap or svm (default ${DEFAULT-VALUE})")
        String head;
        @Option(names = "--epochs", defaultValue = "5")
        int epochs;
        @Option(names = "--batch-size", defaultValue = "32")
        int batchSize;
        @Option(names = "--learning-rate", defaultValue = "0.001")
        double learningRate;
        @Option(names = "--image-size", defaultValue = "96")
        int imageSize;
        @Option(names = "--width-multiplier", defaultValue = "1.0")
        double widthMultiplier;
        @Option(names = "--no-augmentation", description = "turn off random flips and crops")
        boolean noAugmentation;
        @Option(names = "--validation-split", defaultValue = "0.2")
        double validationSplit;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--early-stopping-patience")
        Integer earlyStoppingPatience;
        @Option(names = "--idempotency-key", description = "a retried submit with the same key creates no second job")
        String idempotencyKey;
        @Option(names = "--follow", description = "follow the job's progress until it ends")
        boolean follow;

        @Override
        public Integer call() {
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("modelName", model);
            job.put("dataset", dataset);
            job.put("base", base);
            job.put("pretrained", pretrained);
            job.put("strategy", strategy);
            job.put("unfreezeLastBlocks", unfreezeLastBlocks);
            job.put("unfreezeFrom", unfreezeFrom);
            job.put("head", head);
            job.put("epochs", epochs);
            job.put("batchSize", batchSize);
            job.put("learningRate", learningRate);
            job.put("imageSize", imageSize);
            job.put("widthMultiplier", widthMultiplier);
            job.put("augmentation", !noAugmentation);
            job.put("validationSplit", validationSplit);
            job.put("seed", seed);
            job.put("earlyStoppingPatience", earlyStoppingPatience);
            GatewayClient client = client();
            JsonNode created = client.postJson("/api/v1/training-jobs", job,
                    idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
            String jobId = created.path("jobId").asText();
            System.out.println("job " + jobId + " " + created.path("state").asText().toLowerCase());
            return follow ? follow(client, jobId) : 0;
        }
    }

    @Command(name = "list", description = "List jobs, newest first.")
    static final class ListAll extends GatewayCommand {
        @Option(names = "--state", description = "queued, running, succeeded, failed, cancelled")
        String state;
        @Option(names = "--model")
        String model;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("state", state);
            query.put("model", model);
            for (JsonNode job : client().get("/api/v1/training-jobs", query).path("items")) {
                System.out.printf("%-38s %-10s %-20s epoch %s/%s version %s%n", job.path("jobId").asText(),
                        job.path("state").asText(), job.path("modelName").asText(), job.path("epoch").asText("-"),
                        job.path("totalEpochs").asText("-"), job.path("modelVersion").asText("-"));
            }
            return 0;
        }
    }

    @Command(name = "get", description = "Show a job.")
    static final class Get extends NamedGatewayCommand {
        @Override
        public Integer call() {
            System.out.println(client().get("/api/v1/training-jobs/" + name, Map.of()).toPrettyString());
            return 0;
        }
    }

    @Command(name = "follow", description = "Follow a job's progress until it ends (exit 0 when it succeeded).")
    static final class Follow extends NamedGatewayCommand {
        @Override
        public Integer call() {
            return follow(client(), name);
        }
    }

    @Command(name = "cancel", description = "Cancel a queued or running job.")
    static final class Cancel extends NamedGatewayCommand {
        @Override
        public Integer call() {
            JsonNode job = client().postJson("/api/v1/training-jobs/" + name + "/cancel", Map.of(), Map.of());
            System.out.println("cancel requested for " + job.path("jobId").asText(name));
            return 0;
        }
    }
}
