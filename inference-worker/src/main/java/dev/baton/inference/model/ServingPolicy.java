package dev.baton.inference.model;

import java.util.Optional;

/**
 * Which version serves the requests of a model that name no version or alias: the newest
 * published one, the one an alias points at, or a pinned one.
 */
public sealed interface ServingPolicy {

    /**
     * @param catalog what is published
     * @param model the model
     * @return the version this policy wants now, if any is known
     */
    Optional<Integer> target(ModelCatalog catalog, String model);

    /** Follows the newest published version. */
    record Latest() implements ServingPolicy {
        @Override
        public Optional<Integer> target(ModelCatalog catalog, String model) {
            return catalog.latest(model);
        }

        @Override
        public String toString() {
            return "latest";
        }
    }

    /** @param alias the alias followed */
    record FollowAlias(String alias) implements ServingPolicy {
        @Override
        public Optional<Integer> target(ModelCatalog catalog, String model) {
            return catalog.alias(model, alias);
        }

        @Override
        public String toString() {
            return "alias:" + alias;
        }
    }

    /** @param version the pinned version */
    record Pinned(int version) implements ServingPolicy {
        @Override
        public Optional<Integer> target(ModelCatalog catalog, String model) {
            return Optional.of(version);
        }

        @Override
        public String toString() {
            return "version:" + version;
        }
    }

    /**
     * @param text {@code latest}, {@code alias:<name>} or {@code version:<n>}
     * @return the policy
     * @throws IllegalArgumentException when the text is none of these
     */
    static ServingPolicy parse(String text) {
        String t = text.trim();
        if (t.equals("latest")) {
            return new Latest();
        }
        if (t.startsWith("alias:") && t.length() > 6) {
            return new FollowAlias(t.substring(6));
        }
        if (t.startsWith("version:")) {
            try {
                int v = Integer.parseInt(t.substring(8));
                if (v >= 1) {
                    return new Pinned(v);
                }
            } catch (NumberFormatException e) {
                // falls through
            }
        }
        throw new IllegalArgumentException("serving policy '" + text
                + "' is not one of latest, alias:<name>, version:<n>");
    }
}
