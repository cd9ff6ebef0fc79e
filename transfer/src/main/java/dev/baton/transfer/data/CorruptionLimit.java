package dev.baton.transfer.data;

/**
 * How many unreadable image files a scan tolerates before it fails with
 * {@link TooManyCorruptImagesException}. The scan fails when the skipped count exceeds
 * {@code maxCount} <em>or</em> the skipped fraction of all image files exceeds {@code maxFraction}.
 *
 * @param maxCount the most skipped files allowed ({@link Integer#MAX_VALUE}: no count ceiling)
 * @param maxFraction the largest skipped fraction allowed, in [0, 1] (1: no fraction ceiling)
 */
public record CorruptionLimit(int maxCount, double maxFraction) {

    /** The default: up to 5 % of the image files may be unreadable. */
    public static final CorruptionLimit DEFAULT = fraction(0.05);

    public CorruptionLimit {
        if (maxCount < 0) {
            throw new IllegalArgumentException("maxCount must be >= 0: " + maxCount);
        }
        if (!(maxFraction >= 0 && maxFraction <= 1)) {
            throw new IllegalArgumentException("maxFraction must be in [0, 1]: " + maxFraction);
        }
    }

    /** At most {@code n} unreadable files. */
    public static CorruptionLimit count(int n) {
        return new CorruptionLimit(n, 1.0);
    }

    /** At most this fraction of the image files unreadable. */
    public static CorruptionLimit fraction(double f) {
        return new CorruptionLimit(Integer.MAX_VALUE, f);
    }

    /** No unreadable file at all. */
    public static CorruptionLimit none() {
        return new CorruptionLimit(0, 0.0);
    }

    /** True when {@code skipped} of {@code total} files is over this limit. */
    public boolean isExceededBy(int skipped, int total) {
        if (skipped == 0) {
            return false;
        }
        return skipped > maxCount || (total > 0 && (double) skipped / total > maxFraction);
    }

    /** A short human description, used in error messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (maxCount != Integer.MAX_VALUE) {
            sb.append("at most ").append(maxCount).append(" files");
        }
        if (maxFraction < 1.0) {
            if (sb.length() > 0) {
                sb.append(" and ");
            }
            sb.append("at most ").append(maxFraction * 100).append(" %");
        }
        return sb.length() == 0 ? "unlimited" : sb.toString();
    }
}
