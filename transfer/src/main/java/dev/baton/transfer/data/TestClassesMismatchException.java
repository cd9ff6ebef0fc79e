package dev.baton.transfer.data;

import java.util.List;

/**
 * A dataset's {@code test/} split has a class that the training split lacks: the model cannot
 * predict it, so the job fails and names the classes.
 */
public final class TestClassesMismatchException extends DatasetException {
    private static final long serialVersionUID = 1L;

    /**
     * @param test the test split's classes
     * @param train the training split's classes
     */
    public TestClassesMismatchException(List<String> test, List<String> train) {
        super("the test split has classes " + test.stream().filter(c -> !train.contains(c)).toList()
                + " that the training split " + train + " lacks: give test/ only class folders that train/ has");
    }
}
