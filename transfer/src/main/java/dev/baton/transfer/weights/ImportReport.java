package dev.baton.transfer.weights;

import java.util.List;

/**
 * What {@link BackboneWeightImporter} copied.
 *
 * @param importedParameters the backbone parameters that received source weights, in backbone order
 * @param unusedSourceWeights source weights that matched no backbone parameter (empty in strict mode)
 * @param importedElements the number of scalar values copied
 */
public record ImportReport(List<String> importedParameters, List<String> unusedSourceWeights, long importedElements) {
    /**
     * Creates the import report, validating and copying its parts.
     *
     * @param importedParameters see the record component
     * @param unusedSourceWeights see the record component
     * @param importedElements see the record component
     */
    public ImportReport {
        importedParameters = List.copyOf(importedParameters);
        unusedSourceWeights = List.copyOf(unusedSourceWeights);
    }
}
