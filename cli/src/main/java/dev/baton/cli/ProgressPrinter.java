package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/**
 * Turns a job's events into lines a person reads: a progress bar per epoch with loss, accuracy
 * and ETA, and one line for every other step. Returns whether the job is still going.
 */
final class ProgressPrinter {
    private static final int BAR = 20;
    private final PrintStream out;
    private JsonNode last;

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    /** @return the last event printed (null before the first) */
    JsonNode last() {
        return last;
    }

    /**
     * @param type the event type (SSE event name)
     * @param event the TrainingEvent JSON
     * @return false once the job has finished
     */
    boolean print(String type, JsonNode event) {
        last = event;
        JsonNode metrics = event.path("metrics");
        switch (type) {
            case "QUEUED" -> out.println("queued   job " + event.path("jobId").asText() + " for model "
                    + event.path("modelName").asText());
            case "STARTED" -> out.println("started  on " + event.path("workerId").asText() + " (attempt "
                    + event.path("attempt").asInt() + ")");
            case "RESUMED" -> out.println("resumed  from the checkpoint of epoch " + event.path("epoch").asInt());
            case "EPOCH" -> out.println(epochLine(event, metrics));
            case "CHECKPOINTED" -> { }
            case "TRIAL" -> out.println(trialLine(event.path("trial")));
            case "PLANNED" -> out.println("plan     " + event.path("reason").asText());
            case "SUCCEEDED" -> out.printf("succeeded: model %s version %d, validation accuracy %s%s%n",
                    event.path("modelName").asText(), event.path("modelVersion").asInt(),
                    percent(metrics.path("val_accuracy")),
                    metrics.has("test_accuracy") ? ", test accuracy " + percent(metrics.path("test_accuracy")) : "");
            case "FAILED" -> out.println("FAILED: " + event.path("reason").asText());
            case "CANCELLED" -> out.println("cancelled: " + event.path("reason").asText(""));
            default -> out.println(type.toLowerCase() + " " + event);
        }
        return !(type.equals("SUCCEEDED") || type.equals("FAILED") || type.equals("CANCELLED"));
    }

    /** A leaderboard row of an {@code auto} job's search. */
    static String trialLine(JsonNode trial) {
        String what = "depth".equals(trial.path("stage").asText())
                ? String.format("fine-tune last %d/%d blocks, %s head", trial.path("unfreezeLastBlocks").asInt(),
                        trial.path("baseBlocks").asInt(), trial.path("head").asText())
                : trial.path("head").asText() + " head";
        return String.format("trial %2d %-40s lr %-7.2g wd %-7.2g val_acc %6s %5.1fs%s%s", trial.path("number").asInt(),
                what, trial.path("learningRate").asDouble(), trial.path("weightDecay").asDouble(),
                percent(trial.path("valAccuracy")), trial.path("seconds").asDouble(),
                trial.path("best").asBoolean() ? "  best so far" : "",
                trial.hasNonNull("note") ? "  (" + trial.path("note").asText() + ")" : "");
    }

    private static String epochLine(JsonNode event, JsonNode metrics) {
        int epoch = event.path("epoch").asInt();
        int total = Math.max(1, event.path("totalEpochs").asInt(epoch));
        int filled = Math.min(BAR, Math.round((float) BAR * epoch / total));
        return String.format("epoch %d/%d [%s%s] loss %s acc %s | val_loss %s val_acc %s | %s img/s ETA %s",
                epoch, total, "#".repeat(filled), ".".repeat(BAR - filled),
                number(metrics.path("loss")), percent(metrics.path("accuracy")),
                number(metrics.path("val_loss")), percent(metrics.path("val_accuracy")),
                metrics.has("images_per_second") ? String.format("%.0f", metrics.path("images_per_second").asDouble()) : "?",
                metrics.has("eta_seconds") ? String.format("%.0fs", metrics.path("eta_seconds").asDouble()) : "?");
    }

    private static String number(JsonNode value) {
        return value.isNumber() ? String.format("%.4f", value.asDouble()) : "?";
    }

    private static String percent(JsonNode value) {
        return value.isNumber() ? String.format("%.1f%%", 100 * value.asDouble()) : "?";
    }
}
