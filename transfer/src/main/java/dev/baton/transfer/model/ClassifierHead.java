package dev.baton.transfer.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Map;

/**
 * A built classifier head: its DJL block (feature map in, one score per class out, no softmax),
 * its spec, and its parameters under names {@code head.N.weight} / {@code head.N.bias} (N = index
 * in the head's layer sequence).
 *
 * @param spec the spec it was built from
 * @param numClasses number of output classes
 * @param block the layers
 * @param parameters parameters by name
 */
public record ClassifierHead(
        HeadSpec spec, int numClasses, Block block, Map<String, Parameter> parameters) {

    /** @return the weight matrix of the last (class-score) layer */
    public Parameter outputWeight() {
        String last = null;
        for (String name : parameters.keySet()) {
            if (name.endsWith(".weight")) {
                last = name;
            }
        }
        return parameters.get(last);
    }
}
