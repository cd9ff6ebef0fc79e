package dev.baton.transfer.data;

import java.util.List;
import java.util.stream.Collectors;

/**
 * More image files failed to decode than the configured {@link CorruptionLimit} allows. The
 * message names the files (the first {@value #LISTED_IN_MESSAGE}; {@link #skipped()} has all).
 */
public final class TooManyCorruptImagesException extends DatasetException {
    private static final long serialVersionUID = 1L;
    /** How many file names the message lists at most. */
    public static final int LISTED_IN_MESSAGE = 20;

    private final transient List<SkippedFile> skipped;
    private final int candidates;

    public TooManyCorruptImagesException(List<SkippedFile> skipped, int candidates, CorruptionLimit limit) {
        super(message(skipped, candidates, limit));
        this.skipped = List.copyOf(skipped);
        this.candidates = candidates;
    }

    /** Every unreadable file. */
    public List<SkippedFile> skipped() {
        return skipped;
    }

    /** How many image files were looked at in total. */
    public int candidates() {
        return candidates;
    }

    private static String message(List<SkippedFile> skipped, int candidates, CorruptionLimit limit) {
        String names = skipped.stream().limit(LISTED_IN_MESSAGE)
                .map(s -> s.path() + " (" + s.reason() + ")")
                .collect(Collectors.joining(", "));
        String more = skipped.size() > LISTED_IN_MESSAGE
                ? " and " + (skipped.size() - LISTED_IN_MESSAGE) + " more" : "";
        return skipped.size() + " of " + candidates + " image files are unreadable, over the limit ("
                + limit.describe() + "): " + names + more;
    }
}
