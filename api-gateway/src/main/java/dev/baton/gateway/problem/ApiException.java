package dev.baton.gateway.problem;

import dev.baton.contracts.json.FieldViolation;
import java.util.List;

/** A request the gateway refuses, with the HTTP status and the fields at fault; mapped to problem+json. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<FieldViolation> violations;

    /**
     * @param status the HTTP status
     * @param title the kind of problem
     * @param detail what went wrong
     * @param violations the fields at fault
     */
    public ApiException(int status, String title, String detail, List<FieldViolation> violations) {
        super(detail);
        this.status = status;
        this.title = title;
        this.violations = List.copyOf(violations);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the kind of problem */
    public String title() {
        return title;
    }

    /** @return the fields at fault */
    public List<FieldViolation> violations() {
        return violations;
    }
}
