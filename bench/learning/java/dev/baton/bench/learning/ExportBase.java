package dev.baton.bench.learning;

import dev.baton.transfer.weights.NsfwjsMobileNetV2;
import java.nio.file.Files;
import java.nio.file.Path;

/** Exports the offline nsfwjs MobileNetV2 base in Baton's format: {@code ExportBase <unpacked> <out>}. */
public final class ExportBase {
    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[1]));
        NsfwjsMobileNetV2.exportBase(Path.of(args[0]), out);
    }
}
