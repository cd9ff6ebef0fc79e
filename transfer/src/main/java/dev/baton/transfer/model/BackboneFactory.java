package dev.baton.transfer.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Builds a {@link Backbone} from its base model name ("vgg16", "mobilenet_v2"). */
public final class BackboneFactory {

    private static final Map<String, Function<BackboneConfig, Backbone>> BUILDERS =
            new LinkedHashMap<>();

    static {
        BUILDERS.put(Vgg16.NAME, Vgg16::build);
        BUILDERS.put(MobileNetV2.NAME, MobileNetV2::build);
    }

    private BackboneFactory() {}

    /** @return the supported base model names */
    public static List<String> baseNames() {
        return List.copyOf(BUILDERS.keySet());
    }

    /**
     * @param baseName a base model name (case-insensitive)
     * @param config shape options
     * @return a new, uninitialised backbone (random initialisation happens on {@code initialize})
     * @throws UnknownBaseModelException if the name is not supported
     */
    public static Backbone create(String baseName, BackboneConfig config) {
        return builder(baseName).apply(config);
    }

    /**
     * @param baseName a base model name (case-insensitive)
     * @throws UnknownBaseModelException if the name is not supported
     */
    public static void requireKnown(String baseName) {
        builder(baseName);
    }

    private static Function<BackboneConfig, Backbone> builder(String baseName) {
        Function<BackboneConfig, Backbone> builder =
                baseName == null ? null : BUILDERS.get(baseName.toLowerCase(Locale.ROOT));
        if (builder == null) {
            throw new UnknownBaseModelException(baseName, BUILDERS.keySet());
        }
        return builder;
    }
}
