package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code baton models}: published models, their versions, and aliases (promote or roll back). */
@Command(name = "models", description = "List models and versions; move an alias.",
        subcommands = {ModelsCommand.ListAll.class, ModelsCommand.Versions.class, ModelsCommand.Alias.class})
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

    @Command(name = "versions", description = "The versions of a model with their provenance.")
    static final class Versions extends NamedGatewayCommand {
        @Override
        public Integer call() {
            for (JsonNode version : client().get("/api/v1/models/" + name + "/versions", Map.of())) {
                System.out.printf("v%-4d %s aliases %s %s%n", version.path("version").asInt(),
                        version.path("publishedAt").asText(), version.path("aliases"), version.path("provenance"));
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
}
