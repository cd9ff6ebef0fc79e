package dev.baton.transfer.weights.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.transfer.weights.WeightSet;
import java.util.List;
import java.util.Objects;

/**
 * A TF.js layers model as read by {@link TfjsLayersModelReader}: its topology and its decoded weights.
 *
 * @param modelTopology the {@code modelTopology} JSON (Keras model config); may be a missing node
 * @param weightSpecs the flattened weights manifest, in storage order
 * @param weights the dequantised float32 weights under their TF.js names, in manifest order
 */
public record TfjsLayersModel(JsonNode modelTopology, List<TfjsWeightSpec> weightSpecs, WeightSet weights) {

    /**
     * Creates the tfjs layers model, validating and copying its parts.
     *
     * @param modelTopology see the record component
     * @param weightSpecs see the record component
     * @param weights see the record component
     */
    public TfjsLayersModel {
        Objects.requireNonNull(modelTopology, "modelTopology");
        weightSpecs = List.copyOf(weightSpecs);
        Objects.requireNonNull(weights, "weights");
    }

    /**
     * The Keras layer configs of the topology ({@code model_config.config.layers}).
     *
     * @return the layer nodes, empty when the topology does not list layers
     */
    public List<JsonNode> layers() {
        JsonNode layers = modelTopology.path("model_config").path("config").path("layers");
        if (!layers.isArray()) {
            layers = modelTopology.path("config").path("layers");
        }
        java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
        layers.forEach(out::add);
        return out;
    }

    /**
     * Finds a layer's config by name.
     *
     * @param name the Keras layer name
     * @return the layer's {@code config} object, or a missing node
     */
    public JsonNode layerConfig(String name) {
        for (JsonNode l : layers()) {
            if (name.equals(l.path("name").asText(null)) || name.equals(l.path("config").path("name").asText(null))) {
                return l.path("config");
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
