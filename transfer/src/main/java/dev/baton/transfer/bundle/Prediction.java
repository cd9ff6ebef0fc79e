package dev.baton.transfer.bundle;

import java.util.List;

/**
 * The top-k classes of one image, best first.
 *
 * @param top the classes, highest score first
 */
public record Prediction(List<ClassScore> top) {

    /** @return the best class */
    public ClassScore best() {
        return top.get(0);
    }
}
