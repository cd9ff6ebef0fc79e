package dev.baton.gateway.security;

/** The gateway's roles. An admin may also do everything a submitter may, a submitter everything a viewer may. */
public final class Roles {
    /** Reads datasets, jobs, models and predictions; may ask for predictions. */
    public static final String VIEWER = "viewer";
    /** Uploads and deletes datasets, submits and cancels jobs, imports bases, moves aliases. */
    public static final String SUBMITTER = "submitter";
    /** Deletes model versions and whole models (what inference serves and what cannot be trained again). */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
