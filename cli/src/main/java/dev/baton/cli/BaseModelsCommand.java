package dev.baton.cli;

import dev.baton.contracts.storage.BaseModelRegistry;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.transfer.weights.BaseModelManifest;
import dev.baton.transfer.weights.NsfwjsMobileNetV2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code baton base}: the registry of pretrained bases. */
@Command(name = "base", description = "List and import pretrained bases.",
        subcommands = {BaseModelsCommand.ListBases.class, BaseModelsCommand.ImportNsfwjs.class})
final class BaseModelsCommand {

    /** The registry name of the offline MobileNetV2 base. */
    static final String OFFLINE_MOBILENET = "mobilenet_v2-nsfwjs";

    @Command(name = "list", description = "List the registered bases.")
    static final class ListBases implements Callable<Integer> {
        @Mixin
        ObjectStoreOptions store;

        @Override
        public Integer call() {
            BaseModelRegistry registry = new BaseModelRegistry(store.connect());
            for (String name : registry.list()) {
                var manifest = registry.manifest(name).orElseThrow();
                System.out.printf("%-28s %-14s %3d px  %s%n", name,
                        manifest.path("architecture").path("name").asText("?"),
                        manifest.path("architecture").path("inputSize").asInt(),
                        manifest.path("source").path("description").asText(""));
            }
            return 0;
        }
    }

    @Command(name = "import-nsfwjs",
            description = "Import the offline MobileNetV2 base from the npm package nsfwjs@4.4.0 "
                    + "(fetched by deploy/base-models/fetch-nsfwjs.sh) into the registry.")
    static final class ImportNsfwjs implements Callable<Integer> {
        @Mixin
        ObjectStoreOptions store;

        @Option(names = "--package-dir", description = "the unpacked npm package (default: .baton/base-models/nsfwjs-4.4.0)")
        Path packageDir;

        @Option(names = "--name", defaultValue = OFFLINE_MOBILENET, description = "registry name (default ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--if-missing", description = "do nothing when the base is already registered")
        boolean ifMissing;

        @Override
        public Integer call() throws Exception {
            ObjectStore objects = store.connect();
            objects.ensureBucket(ObjectKeys.MODELS_BUCKET);
            BaseModelRegistry registry = new BaseModelRegistry(objects);
            if (ifMissing && registry.contains(name)) {
                System.out.println("base '" + name + "' is already registered");
                return 0;
            }
            Path root = Path.of(System.getProperty("baton.root", ".")).toAbsolutePath().normalize();
            Path unpacked = packageDir != null ? packageDir : NsfwjsMobileNetV2.unpackedDir(root);
            if (!Files.isDirectory(unpacked)) {
                throw new IllegalStateException("no unpacked nsfwjs package at " + unpacked
                        + ": fetch it with 'deploy/base-models/fetch-nsfwjs.sh' (needs npm)");
            }
            Path staging = Files.createTempDirectory("baton-base-");
            BaseModelManifest manifest = NsfwjsMobileNetV2.exportBase(unpacked, staging);
            registry.register(name, staging);
            System.out.printf("registered base '%s': %s, %d px, %s (sha256 %s)%n", name,
                    manifest.architecture().name(), manifest.architecture().inputSize(), manifest.source().description(),
                    manifest.weights().sha256());
            return 0;
        }
    }
}
