package dev.baton.contracts.messages;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Helpers for enums written on the wire in lower case ("mobilenet_v2", "fine_tune"). */
final class WireEnum {
    private WireEnum() {
    }

    static String wireName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        for (E candidate : type.getEnumConstants()) {
            if (wireName(candidate).equals(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(field + ": unknown value '" + value + "' (accepted: " + accepted(type) + ")");
    }

    static <E extends Enum<E>> String accepted(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireEnum::wireName).collect(Collectors.joining(", "));
    }
}
