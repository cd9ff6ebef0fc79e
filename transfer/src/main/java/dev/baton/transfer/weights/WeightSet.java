package dev.baton.transfer.weights;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An ordered, immutable name &rarr; {@link NamedTensor} collection: the result of a weight reader
 * (source names) or of a name mapping (torchvision names). Iteration order is insertion order.
 */
public final class WeightSet {
    private final Map<String, NamedTensor> tensors;

    private WeightSet(Map<String, NamedTensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Builds a set from tensors, keyed by their names.
     *
     * @param tensors the tensors, in the order to keep
     * @return the set
     * @throws IllegalArgumentException when two tensors share a name
     */
    public static WeightSet of(Collection<NamedTensor> tensors) {
        Map<String, NamedTensor> map = new LinkedHashMap<>();
        for (NamedTensor t : tensors) {
            if (map.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("duplicate weight name '" + t.name() + "'");
            }
        }
        return new WeightSet(map);
    }

    /** @return the names, in order */
    public Set<String> names() {
        return tensors.keySet();
    }

    /** @return the tensors, in order */
    public List<NamedTensor> tensors() {
        return List.copyOf(tensors.values());
    }

    /**
     * Looks a tensor up.
     *
     * @param name its name
     * @return the tensor, if present
     */
    public Optional<NamedTensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /**
     * Looks a tensor up, failing when absent.
     *
     * @param name its name
     * @return the tensor
     * @throws WeightFormatException when absent
     */
    public NamedTensor require(String name) throws WeightFormatException {
        NamedTensor t = tensors.get(name);
        if (t == null) {
            throw new WeightFormatException("weight '" + name + "' not found");
        }
        return t;
    }

    /** @return the number of tensors */
    public int size() {
        return tensors.size();
    }

    /** @return the total number of scalar values over all tensors */
    public long elementCount() {
        long n = 0;
        for (NamedTensor t : tensors.values()) {
            n += t.size();
        }
        return n;
    }
}
