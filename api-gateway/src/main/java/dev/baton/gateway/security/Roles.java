package dev.baton.gateway.security;

/** The gateway's roles. A submitter may also do everything a viewer may. */
public final class Roles {
    /** Reads datasets, jobs, models and predictions; may ask for predictions. */
    public static final String VIEWER = "viewer";
    /** Uploads datasets, submits and cancels jobs, moves aliases, deletes model versions and models. */
    public static final String SUBMITTER = "submitter";

    private Roles() {
    }
}
