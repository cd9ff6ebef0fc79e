package dev.baton.transfer.train;

import dev.baton.transfer.model.Backbone;
import dev.baton.transfer.weights.BackboneWeightImporter;
import dev.baton.transfer.weights.WeightImportException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Supplies the backbone's starting weights, after random initialisation. Weight importers
 * (Keras / TF.js / torchvision) implement this by copying arrays into {@link
 * Backbone#parameters()} by torchvision name.
 */
public interface WeightSource {

    /** @return a description recorded in checkpoints and bundle manifests, e.g. "keras:imagenet" */
    String provenance();

    /**
     * Copies weights into an initialised backbone.
     *
     * @param backbone the backbone
     * @throws IOException if the weights cannot be read or do not fit
     */
    void apply(Backbone backbone) throws IOException;

    /**
     * @param manifest a base exported in Baton's format ({@code base-manifest.json} beside its weights)
     * @param provenance what the weights are, as recorded in checkpoints and bundles
     * @return the source that imports that base; a base that does not fit the backbone is an
     *     {@link IOException} naming the parameter
     */
    static WeightSource importedBase(Path manifest, String provenance) {
        return new WeightSource() {
            @Override
            public String provenance() {
                return provenance;
            }

            @Override
            public void apply(Backbone backbone) throws IOException {
                try {
                    BackboneWeightImporter.importBase(manifest, backbone.parameters());
                } catch (WeightImportException e) {
                    throw new IOException("pretrained base does not fit: " + e.getMessage(), e);
                }
            }
        };
    }

    /** @return the source that keeps the seeded random initialisation */
    static WeightSource randomInit() {
        return new WeightSource() {
            @Override
            public String provenance() {
                return "random-init";
            }

            @Override
            public void apply(Backbone backbone) {}
        };
    }
}
