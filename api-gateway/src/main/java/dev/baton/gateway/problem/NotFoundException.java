package dev.baton.gateway.problem;

import dev.baton.contracts.json.FieldViolation;
import java.util.List;

/** 404: no such dataset, job, model or version. */
public class NotFoundException extends ApiException {
    /**
     * @param what the kind of thing, e.g. "training job"
     * @param id its name or id
     */
    public NotFoundException(String what, String id) {
        super(404, "Not found", "no " + what + " '" + id + "'", List.<FieldViolation>of());
    }
}
