package dev.baton.transfer.model;

/**
 * The head to train on top of a backbone.
 *
 * @param type the head type
 * @param hiddenUnits width of the hidden FC layer (DENSE only; ignored otherwise)
 * @param dropout dropout probability in [0, 1) (DENSE and GAP)
 * @param l2 L2 regularisation strength on the SVM weights (SVM only), ≥ 0
 */
public record HeadSpec(HeadType type, int hiddenUnits, float dropout, float l2) {

    /** Validates the values. */
    public HeadSpec {
        if (type == null) {
            throw new IllegalArgumentException("head type must be set");
        }
        if (type == HeadType.DENSE && hiddenUnits < 1) {
            throw new IllegalArgumentException("hiddenUnits must be ≥ 1, was " + hiddenUnits);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
        }
        if (l2 < 0) {
            throw new IllegalArgumentException("l2 must be ≥ 0, was " + l2);
        }
    }

    /**
     * @param hiddenUnits hidden FC width
     * @param dropout dropout probability
     * @return a DENSE head spec
     */
    public static HeadSpec dense(int hiddenUnits, float dropout) {
        return new HeadSpec(HeadType.DENSE, hiddenUnits, dropout, 0);
    }

    /**
     * @param dropout dropout probability
     * @return a GAP head spec
     */
    public static HeadSpec gap(float dropout) {
        return new HeadSpec(HeadType.GAP, 0, dropout, 0);
    }

    /**
     * @param l2 L2 regularisation strength
     * @return an SVM head spec
     */
    public static HeadSpec svm(float l2) {
        return new HeadSpec(HeadType.SVM, 0, 0, l2);
    }

    /**
     * @param type head type
     * @return the spec with default values (DENSE 256 units, dropout 0.5; GAP dropout 0.2; SVM
     *     l2 1e-4)
     */
    public static HeadSpec defaults(HeadType type) {
        return switch (type) {
            case DENSE -> dense(256, 0.5f);
            case GAP -> gap(0.2f);
            case SVM -> svm(1e-4f);
        };
    }

    /** @return what the head's outputs mean at prediction time */
    public ScoreType scoreType() {
        return type == HeadType.SVM ? ScoreType.MARGIN : ScoreType.PROBABILITY;
    }
}
