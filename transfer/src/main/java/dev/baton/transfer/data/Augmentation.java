package dev.baton.transfer.data;

import java.util.Optional;

/**
 * Training-time augmentation: an optional random resized crop, then an optional random horizontal
 * flip (probability 0.5). Validation and inference use {@link #NONE}.
 *
 * @param crop the random resized crop, or {@code null} for none (the whole image is resized)
 * @param horizontalFlip whether to flip left-right with probability 0.5
 */
public record Augmentation(RandomResizedCrop crop, boolean horizontalFlip) {

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(null, false);
    /** Horizontal flip only: what {@code auto}'s fine-tune trains on (bench/RESULTS.md). */
    public static final Augmentation FLIP = new Augmentation(null, true);
    /** {@link RandomResizedCrop#MILD} plus horizontal flip. */
    public static final Augmentation STANDARD = new Augmentation(RandomResizedCrop.MILD, true);

    /** The crop, if any. */
    public Optional<RandomResizedCrop> optionalCrop() {
        return Optional.ofNullable(crop);
    }

    /** True when this changes nothing. */
    public boolean isIdentity() {
        return crop == null && !horizontalFlip;
    }
}
