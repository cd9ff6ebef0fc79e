package dev.baton.transfer.train;

import dev.baton.transfer.model.Backbone;
import java.io.IOException;

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
