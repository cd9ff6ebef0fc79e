package dev.baton.transfer.weights;

import java.util.List;
import java.util.Objects;

/**
 * Outcome of a source &rarr; torchvision name mapping.
 *
 * @param weights the mapped weights, torchvision names and layouts (OIHW kernels)
 * @param unmappedSourceNames source weights that belong to no backbone layer (e.g. a retrained
 *     classification head), kept for reporting
 */
public record MappingResult(WeightSet weights, List<String> unmappedSourceNames) {
    /**
     * Creates the mapping result, validating and copying its parts.
     *
     * @param weights see the record component
     * @param unmappedSourceNames see the record component
     */
    public MappingResult {
        Objects.requireNonNull(weights, "weights");
        unmappedSourceNames = List.copyOf(unmappedSourceNames);
    }
}
