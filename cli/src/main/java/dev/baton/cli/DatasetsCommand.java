package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code baton datasets}: upload, list, describe and delete image-folder datasets through the gateway. */
@Command(name = "datasets", description = "Upload, list, describe and delete datasets.",
        subcommands = {DatasetsCommand.Upload.class, DatasetsCommand.ListAll.class, DatasetsCommand.Describe.class,
                DatasetsCommand.Delete.class})
final class DatasetsCommand {

    static String describe(JsonNode report) {
        StringBuilder text = new StringBuilder(String.format("%s: %d images, %d classes %s",
                report.path("name").asText(), report.path("images").asInt(), report.path("classes").size(),
                report.path("classes")));
        if (report.path("testImages").asInt() > 0) {
            text.append(String.format("; held-out test split: %d images %s", report.path("testImages").asInt(),
                    report.path("testClasses")));
        }
        if (report.path("skipped").size() > 0) {
            text.append(String.format("%n  skipped %d file(s): %s", report.path("skipped").size(), report.path("skipped")));
        }
        return text.toString();
    }

    @Command(name = "upload", description = "Upload a folder (one sub-folder per class, or train/ and test/ "
            + "folders of class folders for a held-out test split) or a zip of one.")
    static final class Upload extends NamedGatewayCommand {
        @Parameters(index = "1", description = "image folder or .zip")
        Path source;

        @Override
        public Integer call() {
            if (!Files.exists(source)) {
                throw new IllegalArgumentException("no such folder or zip: " + source);
            }
            JsonNode report = client().putStream("/api/v1/datasets/" + name, "application/zip", () -> {
                try {
                    return Files.isDirectory(source) ? FolderZipStream.of(source) : Files.newInputStream(source);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            System.out.println("uploaded " + describe(report));
            return 0;
        }
    }

    @Command(name = "list", description = "List datasets.")
    static final class ListAll extends GatewayCommand {
        @Override
        public Integer call() {
            for (JsonNode report : client().get("/api/v1/datasets", Map.of())) {
                System.out.println(describe(report));
            }
            return 0;
        }
    }

    @Command(name = "describe", description = "Class counts (training and test) and skipped files of a dataset.")
    static final class Describe extends NamedGatewayCommand {
        @Override
        public Integer call() {
            System.out.println(describe(client().get("/api/v1/datasets/" + name, Map.of())));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a dataset.")
    static final class Delete extends NamedGatewayCommand {
        @Override
        public Integer call() {
            client().delete("/api/v1/datasets/" + name);
            System.out.println("deleted " + name);
            return 0;
        }
    }
}
