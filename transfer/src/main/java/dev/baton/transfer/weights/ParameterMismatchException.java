package dev.baton.transfer.weights;

import java.util.Arrays;
import java.util.Optional;

/**
 * The source weights do not fit the target backbone: a backbone parameter has no source weight, a
 * source weight has no backbone parameter, or the shapes differ. Always names the parameter.
 */
public class ParameterMismatchException extends WeightImportException {
    private static final long serialVersionUID = 1L;

    /** Which kind of mismatch was found. */
    public enum Kind {
        /** The backbone has a parameter the source does not provide. */
        MISSING_IN_SOURCE,
        /** The source provides a weight the backbone does not have (strict mode only). */
        UNEXPECTED_IN_SOURCE,
        /** Both sides have the parameter but the shapes differ. */
        SHAPE_MISMATCH,
        /** The backbone parameter has no array yet (the block was not initialised), so it cannot be checked. */
        UNINITIALISED_TARGET
    }

    /** The parameter name (torchvision layout). */
    private final String parameterName;
    /** The kind of mismatch. */
    private final Kind kind;
    /** The backbone's shape, or null when unknown. */
    private final long[] expectedShape;
    /** The source's shape, or null when absent. */
    private final long[] actualShape;

    /**
     * Creates the exception.
     *
     * @param parameterName the backbone (torchvision-layout) parameter name, e.g. {@code features.0.0.weight}
     * @param kind the kind of mismatch
     * @param expectedShape the backbone's shape, or {@code null} when unknown
     * @param actualShape the source's shape, or {@code null} when absent
     */
    public ParameterMismatchException(String parameterName, Kind kind, long[] expectedShape, long[] actualShape) {
        super(message(parameterName, kind, expectedShape, actualShape));
        this.parameterName = parameterName;
        this.kind = kind;
        this.expectedShape = expectedShape == null ? null : expectedShape.clone();
        this.actualShape = actualShape == null ? null : actualShape.clone();
    }

    private static String message(String name, Kind kind, long[] expected, long[] actual) {
        return switch (kind) {
            case MISSING_IN_SOURCE -> "backbone parameter '" + name + "' " + Arrays.toString(expected)
                    + " has no weight in the source";
            case UNEXPECTED_IN_SOURCE -> "source weight '" + name + "' " + Arrays.toString(actual)
                    + " matches no backbone parameter";
            case SHAPE_MISMATCH -> "shape mismatch for parameter '" + name + "': backbone "
                    + Arrays.toString(expected) + ", source " + Arrays.toString(actual);
            case UNINITIALISED_TARGET -> "backbone parameter '" + name
                    + "' has no array; initialise the backbone block before importing";
        };
    }

    /** @return the parameter name (torchvision layout) */
    public String parameterName() {
        return parameterName;
    }

    /** @return the kind of mismatch */
    public Kind kind() {
        return kind;
    }

    /** @return the backbone's shape, when known */
    public Optional<long[]> expectedShape() {
        return Optional.ofNullable(expectedShape).map(long[]::clone);
    }

    /** @return the source's shape, when present */
    public Optional<long[]> actualShape() {
        return Optional.ofNullable(actualShape).map(long[]::clone);
    }
}
