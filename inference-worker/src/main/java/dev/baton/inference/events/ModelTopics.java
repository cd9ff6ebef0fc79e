package dev.baton.inference.events;

import java.util.List;

/**
 * The compacted topics an inference worker follows to know what it may serve.
 *
 * @param published complete model versions ({@code ModelPublished})
 * @param aliases alias moves ({@code ModelAliasChanged})
 * @param deletions deleted versions ({@code ModelVersionDeleted})
 */
public record ModelTopics(String published, String aliases, String deletions) {

    /** @return the three topics */
    public List<String> all() {
        return List.of(published, aliases, deletions);
    }
}
