package dev.baton.transfer.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects a network's parameters under torchvision {@code state_dict} names while the network is
 * being built ({@code features.0.0.weight}, {@code features.0.1.running_mean}, ...).
 *
 * <p>DJL names: Conv2d/Linear {@code weight, bias}; BatchNorm {@code gamma, beta, runningMean,
 * runningVar}. torchvision names: {@code weight, bias, running_mean, running_var}.
 */
public final class TorchParameterNames {

    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    /**
     * Registers a convolution or linear layer ({@code weight} and, if present, {@code bias}).
     *
     * @param prefix torchvision module path, e.g. {@code features.0.0}
     * @param layer a Conv2d or Linear block
     * @return this
     */
    public TorchParameterNames weightAndBias(String prefix, Block layer) {
        put(prefix + ".weight", layer, "weight");
        if (layer.getDirectParameters().contains("bias")) {
            put(prefix + ".bias", layer, "bias");
        }
        return this;
    }

    /**
     * Registers a BatchNorm layer.
     *
     * @param prefix torchvision module path, e.g. {@code features.0.1}
     * @param batchNorm a BatchNorm block
     * @return this
     */
    public TorchParameterNames batchNorm(String prefix, Block batchNorm) {
        put(prefix + ".weight", batchNorm, "gamma");
        put(prefix + ".bias", batchNorm, "beta");
        put(prefix + ".running_mean", batchNorm, "runningMean");
        put(prefix + ".running_var", batchNorm, "runningVar");
        return this;
    }

    /**
     * Adds all names of another collection under a prefix.
     *
     * @param prefix prefix without trailing dot
     * @param names the names to add
     * @return this
     */
    public TorchParameterNames addAll(String prefix, Map<String, Parameter> names) {
        names.forEach((k, v) -> byName.put(prefix + "." + k, v));
        return this;
    }

    private void put(String name, Block layer, String djlName) {
        Parameter p = layer.getDirectParameters().get(djlName);
        if (p == null) {
            throw new IllegalStateException(layer + " has no parameter " + djlName);
        }
        byName.put(name, p);
    }

    /** @return an unmodifiable ordered view of the names collected so far */
    public Map<String, Parameter> asMap() {
        return Collections.unmodifiableMap(byName);
    }
}
