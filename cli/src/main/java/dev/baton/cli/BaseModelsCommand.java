package dev.baton.cli;

import dev.baton.contracts.storage.BaseModelRegistry;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.transfer.weights.BaseModelManifest;
import dev.baton.transfer.weights.NsfwjsMobileNetV2;
import dev.baton.transfer.weights.torchvision.TorchvisionImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton base}: the registry of pretrained bases. */
@Command(name = "base", description = "List and import pretrained bases.",
        subcommands = {BaseModelsCommand.ListBases.class, BaseModelsCommand.ImportNsfwjs.class,
                BaseModelsCommand.ImportTorchvision.class})
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

    /**
     * What both importers share: connect, skip a registered base with {@code --if-missing}, export the
     * weights and manifest into a staging folder, register it, say what was registered, clean up.
     */
    abstract static class ImportBase implements Callable<Integer> {
        @Mixin
        ObjectStoreOptions store;

        @Option(names = "--if-missing", description = "do nothing when the base is already registered")
        boolean ifMissing;

        /** @return the registry name */
        abstract String name();

        /** Checks the input before anything is connected; throws with what to do. */
        void checkInput() {
        }

        /** Writes the base's weights and manifest into {@code staging}. */
        abstract BaseModelManifest export(Path staging) throws Exception;

        @Override
        public Integer call() throws Exception {
            checkInput();
            ObjectStore objects = store.connect();
            objects.ensureBucket(ObjectKeys.MODELS_BUCKET);
            BaseModelRegistry registry = new BaseModelRegistry(objects);
            if (ifMissing && registry.contains(name())) {
                System.out.println("base '" + name() + "' is already registered");
                return 0;
            }
            Path staging = Files.createTempDirectory("baton-base-");
            try {
                BaseModelManifest manifest = export(staging);
                registry.register(name(), staging);
                System.out.printf("registered base '%s': %s (width %s), %d px, %s (sha256 %s)%n", name(),
                        manifest.architecture().name(), manifest.architecture().widthMultiplier(),
                        manifest.architecture().inputSize(), manifest.source().description(), manifest.weights().sha256());
            } finally {
                try (Stream<Path> files = Files.walk(staging)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return 0;
        }
    }

    @Command(name = "import-nsfwjs",
            description = "Import the offline MobileNetV2 base from the npm package nsfwjs@4.4.0 "
                    + "(fetched by deploy/base-models/fetch-nsfwjs.sh) into the registry.")
    static final class ImportNsfwjs extends ImportBase {
        @Option(names = "--package-dir", description = "the unpacked npm package (default: .baton/base-models/nsfwjs-4.4.0)")
        Path packageDir;

        @Option(names = "--name", defaultValue = OFFLINE_MOBILENET, description = "registry name (default ${DEFAULT-VALUE})")
        String name;

        @Override
        String name() {
            return name;
        }

        private Path unpacked() {
            Path root = Path.of(System.getProperty("baton.root", ".")).toAbsolutePath().normalize();
            return packageDir != null ? packageDir : NsfwjsMobileNetV2.unpackedDir(root);
        }

        @Override
        BaseModelManifest export(Path staging) throws Exception {
            if (!Files.isDirectory(unpacked())) {
                throw new IllegalStateException("no unpacked nsfwjs package at " + unpacked()
                        + ": fetch it with 'deploy/base-models/fetch-nsfwjs.sh' (needs npm)");
            }
            return NsfwjsMobileNetV2.exportBase(unpacked(), staging);
        }
    }

    @Command(name = "import-torchvision",
            description = "Import a TorchScript file of a torchvision vgg16 or mobilenet_v2 (its features or the "
                    + "whole model, e.g. written by deploy/base-models/export_torchvision.py) into the registry.")
    static final class ImportTorchvision extends ImportBase {
        @Parameters(index = "0", paramLabel = "FILE", description = "the TorchScript file (.pt)")
        Path file;

        @Option(names = "--name", required = true, description = "registry name, e.g. mobilenet_v2-imagenet")
        String name;

        @Option(names = "--architecture", description = "vgg16 or mobilenet_v2 (default: recognised from the tensor names)")
        String architecture;

        @Option(names = "--width-multiplier", description = "width multiplier (default: estimated from the channel counts)")
        Double widthMultiplier;

        @Option(names = "--input-size", defaultValue = "" + TorchvisionImporter.DEFAULT_INPUT_SIZE,
                description = "input size recorded in the manifest (default ${DEFAULT-VALUE})")
        int inputSize;

        @Option(names = "--licence", defaultValue = TorchvisionImporter.DEFAULT_LICENCE,
                description = "SPDX licence id recorded in the manifest (default ${DEFAULT-VALUE}, torchvision's)")
        String licence;

        @Override
        String name() {
            return name;
        }

        @Override
        void checkInput() {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no file " + file + ": write one with "
                        + "'python3 deploy/base-models/export_torchvision.py --arch mobilenet_v2 --out FILE'");
            }
        }

        @Override
        BaseModelManifest export(Path staging) throws Exception {
            return TorchvisionImporter.exportBase(file, staging, new TorchvisionImporter.Options(
                    Optional.ofNullable(architecture), Optional.ofNullable(widthMultiplier), inputSize, licence));
        }
    }
}
