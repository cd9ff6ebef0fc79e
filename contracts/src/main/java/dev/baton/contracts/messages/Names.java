package dev.baton.contracts.messages;

/**
 * Patterns for the names users choose (models, datasets, aliases) and ids the system assigns.
 * They are safe as object-key segments: lower case letters, digits, '.', '_' and '-', starting
 * with a letter or digit, so no name can reach outside its prefix ("..", "/", absolute keys).
 */
public final class Names {
    /** A model, dataset, alias or base-model name. */
    public static final String NAME = "[a-z0-9][a-z0-9_.-]{0,62}";
    /** The message shown when a name does not match {@link #NAME}. */
    public static final String NAME_MESSAGE =
            "must be 1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit";
    /** A job or correlation id. */
    public static final String ID = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";
    /** The message shown when an id does not match {@link #ID}. */
    public static final String ID_MESSAGE = "must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'";

    private Names() {
    }

    /**
     * @param name a candidate name
     * @return whether it is a valid name that stays inside its prefix
     */
    public static boolean isValidName(String name) {
        return name != null && name.matches(NAME) && !name.contains("..");
    }
}
