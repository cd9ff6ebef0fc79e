package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baton predict}: classifies image files through the gateway (answered by an inference
 * worker over Kafka). With {@code --labels-from-folders} the true class is the file's folder, and
 * the accuracy over the files is printed.
 */
@Command(name = "predict", description = "Classify image files with a model (newest version, a pinned version or an alias).")
final class PredictCommand extends GatewayCommand {
    @Option(names = "--model", required = true)
    String model;
    @Option(names = "--version", description = "a pinned version")
    Integer version;
    @Option(names = "--alias", description = "an alias such as production")
    String alias;
    @Option(names = "--top-k", defaultValue = "3")
    int topK;
    @Option(names = "--labels-from-folders", description = "a folder of <class>/<image> files: predict all, compare with the folder names")
    Path labelled;
    @Parameters(arity = "0..*", description = "image files (JPEG or PNG)")
    List<Path> images = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Map<Path, String> truth = new LinkedHashMap<>();
        images.forEach(image -> truth.put(image, null));
        if (labelled != null) {
            try (Stream<Path> files = Files.walk(labelled)) {
                files.filter(Files::isRegularFile).sorted()
                        .forEach(f -> truth.put(f, f.getParent().getFileName().toString()));
            }
        }
        if (truth.isEmpty()) {
            throw new IllegalArgumentException("give image files or --labels-from-folders");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("version", version == null ? null : version.toString());
        query.put("alias", alias);
        query.put("topK", Integer.toString(topK));
        GatewayClient client = client();
        int right = 0;
        int labelledCount = 0;
        for (Map.Entry<Path, String> entry : truth.entrySet()) {
            String type = entry.getKey().toString().toLowerCase(Locale.ROOT).endsWith(".png") ? "image/png" : "image/jpeg";
            JsonNode result = client.postBytes("/api/v1/models/" + model + "/predict", type,
                    Files.readAllBytes(entry.getKey()), query);
            JsonNode best = result.path("predictions").path(0);
            String predicted = best.path("label").asText("?");
            StringBuilder line = new StringBuilder(String.format("%-40s predicted %-12s %.3f", shorten(entry.getKey()),
                    predicted, best.path("score").asDouble()));
            if (entry.getValue() != null) {
                labelledCount++;
                boolean ok = entry.getValue().equals(predicted);
                right += ok ? 1 : 0;
                line.append(String.format("  true %-12s %s", entry.getValue(), ok ? "ok" : "WRONG"));
            }
            line.append(String.format("  (%s v%s, %.0f ms model)", result.path("model").asText(),
                    result.path("version").asText(), result.path("computeMillis").asDouble()));
            System.out.println(line);
        }
        if (labelledCount > 0) {
            System.out.printf("accuracy on %d held-out images: %d/%d = %.1f%%%n", labelledCount, right, labelledCount,
                    100.0 * right / labelledCount);
        }
        return 0;
    }

    private static String shorten(Path file) {
        int n = file.getNameCount();
        return n >= 2 ? file.subpath(n - 2, n).toString() : file.toString();
    }
}
