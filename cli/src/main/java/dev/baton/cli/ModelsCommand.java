package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baton models}: published models, their versions, aliases (promote or roll back), load
 * failures, and deletion of a version or a whole model.
 */
@Command(name = "models", description = "List models and versions; move an alias; delete a version or a model.",
        subcommands = {ModelsCommand.ListAll.class, ModelsCommand.Versions.class, ModelsCommand.Alias.class,
                ModelsCommand.LoadFailures.class, ModelsCommand.Delete.class})
final class ModelsCommand {

    @Command(name = "list", description = "List models with their newest version and aliases.")
    static final class ListAll extends GatewayCommand {
        @Override
        public Integer call() {
            for (JsonNode model : client().get("/api/v1/models", Map.of())) {
                System.out.printf("%-24s latest v%d (%d versions) aliases %s%n", model.path("name").asText(),
                        model.path("latestVersion").asInt(), model.path("versions").asInt(), model.path("aliases"));
            }
            return 0;
        }
    }

    @Command(name = "versions", description = "The versions of a model: held-out accuracy (test, validation), "
            + "the epoch it holds, the job that trained it, its aliases.")
    static final class Versions extends NamedGatewayCommand {
        @Override
        public Integer call() {
            for (JsonNode version : client().get("/api/v1/models/" + name + "/versions", Map.of())) {
                System.out.println(VersionLine.format(version));
            }
            return 0;
        }
    }

    @Command(name = "failures", description = "Why versions of a model did not serve: the inference workers' "
            + "load-failure reports, newest first.")
    static final class LoadFailures extends NamedGatewayCommand {
        @Override
        public Integer call() {
            JsonNode failures = client().get("/api/v1/models/" + name + "/load-failures", Map.of());
            if (failures.isEmpty()) {
                System.out.println("no load failure reported for " + name);
            }
            for (JsonNode f : failures) {
                System.out.printf("v%-4d %s on %s: %s%n", f.path("version").asInt(), f.path("failedAt").asText(),
                        f.path("workerId").asText(), f.path("reason").asText());
            }
            return 0;
        }
    }

    @Command(name = "alias", description = "Point an alias (e.g. production) at a version.")
    static final class Alias extends NamedGatewayCommand {
        @Parameters(index = "1", description = "alias")
        String alias;
        @Parameters(index = "2", description = "version")
        int version;

        @Override
        public Integer call() {
            JsonNode model = client().putJson("/api/v1/models/" + name + "/aliases/" + alias, Map.of("version", version));
            System.out.println(name + " aliases now " + model.path("aliases"));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete one version (--version) or every version of a model: the "
            + "inference workers stop serving it, its files are removed, its number is never given again. "
            + "Refused while an alias points at a deleted version: move the alias first.")
    static final class Delete extends NamedGatewayCommand {
        @Option(names = "--version", description = "the version to delete (default: the whole model)")
        Integer version;

        @Override
        public Integer call() {
            if (version == null) {
                client().delete("/api/v1/models/" + name);
                System.out.println("deleted model " + name);
            } else {
                client().delete("/api/v1/models/" + name + "/versions/" + version);
                System.out.println("deleted " + name + " v" + version);
            }
            return 0;
        }
    }
}
