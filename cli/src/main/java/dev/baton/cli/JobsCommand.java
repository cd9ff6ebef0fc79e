package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.messages.JobDefaults;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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
        @Option(names = "--base", description = "vgg16 or mobilenet_v2 (default " + JobDefaults.BASE_NAME + ")")
        String base;
        @Option(names = "--pretrained", description = "registered base weights, or none (default "
                + JobDefaults.PRETRAINED + " with the default base)")
        String pretrained;
        @Option(names = "--strategy", description = "auto, full, fine_tune, feature_extraction or two_phase (default "
                + JobDefaults.STRATEGY_NAME + ": Baton picks the head, learning rate and fine-tuning depth)")
        String strategy;
        @Option(names = "--budget-minutes", description = "auto: wall time the whole job may take (default "
                + JobDefaults.BUDGET_MINUTES + ")")
        Integer budgetMinutes;
        @Option(names = "--unfreeze-last-blocks", description = "fine-tuning boundary: train the last N blocks")
        Integer unfreezeLastBlocks;
        @Option(names = "--unfreeze-from", description = "fine-tuning boundary: first block that trains, by name")
        String unfreezeFrom;
        @Option(names = "--head", description = "dense, gap or svm, explicit strategies (default " + JobDefaults.HEAD_NAME
                + "; auto picks its own)")
        String head;
        @Option(names = "--epochs", description = "epochs (default " + JobDefaults.EPOCHS + "; auto: the most its "
                + "fine-tune runs, default " + JobDefaults.AUTO_MAX_EPOCHS + ")")
        Integer epochs;
        @Option(names = "--batch-size", description = "images per batch (default " + JobDefaults.BATCH_SIZE + ")")
        Integer batchSize;
        @Option(names = "--learning-rate", description = "explicit strategies (default " + JobDefaults.LEARNING_RATE
                + "; auto searches its own)")
        Double learningRate;
        @Option(names = "--image-size", description = "square input size in pixels (default " + JobDefaults.IMAGE_SIZE + ")")
        Integer imageSize;
        @Option(names = "--width-multiplier", description = "channel multiplier of a random-init base (default "
                + JobDefaults.WIDTH_MULTIPLIER + ")")
        Double widthMultiplier;
        @Option(names = "--augmentation", negatable = true, description = "random flips and crops of training images; "
                + "auto: random flips of the images its fine-tune trains on (default " + JobDefaults.AUTO_AUGMENTATION
                + " for auto, " + JobDefaults.AUGMENTATION + " otherwise)")
        Boolean augmentation;
        @Option(names = "--validation-split", description = "fraction held out for validation (default "
                + JobDefaults.VALIDATION_SPLIT + ")")
        Double validationSplit;
        @Option(names = "--seed", description = "seed of the split, initialisation and shuffling (default "
                + JobDefaults.SEED + ")")
        Long seed;
        @Option(names = "--early-stopping-patience", description = "epochs without improvement before a phase stops "
                + "(default none)")
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
            job.put("augmentation", augmentation);
            job.put("validationSplit", validationSplit);
            job.put("seed", seed);
            job.put("earlyStoppingPatience", earlyStoppingPatience);
            job.put("budgetMinutes", budgetMinutes);
            job.values().removeIf(Objects::isNull);
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
