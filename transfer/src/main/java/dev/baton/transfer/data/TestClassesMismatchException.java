package dev.baton.transfer.data;

import java.util.List;

/**
 * A dataset's {@code test/} split does not have the training split's classes: its images would be
 * scored against the wrong labels, so the job fails and names both lists.
 */
public final class TestClassesMismatchException extends DatasetException {
    private static final long serialVersionUID = 1L;

    /**
     * @param test the test split's classes
     * @param train the training split's classes
     */
    public TestClassesMismatchException(List<String> test, List<String> train) {
        super("the test split's classes " + test + " differ from the training split's " + train
                + ": give test/ the same class folders");
    }
}
