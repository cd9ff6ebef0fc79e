package dev.baton.inference.model;

/**
 * One version of one model.
 *
 * @param model the model name
 * @param version the version
 */
public record ModelVersion(String model, int version) {
    @Override
    public String toString() {
        return model + "@v" + version;
    }
}
