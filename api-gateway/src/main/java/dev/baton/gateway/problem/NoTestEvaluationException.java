package dev.baton.gateway.problem;

import dev.baton.contracts.json.FieldViolation;
import java.util.List;

/** 404: the model version exists but holds no test evaluation, with the reason in the detail. */
public class NoTestEvaluationException extends ApiException {
    /** The problem title, which tells this 404 from an unknown model or version. */
    public static final String TITLE = "No test evaluation";

    /**
     * @param model the model
     * @param version the version
     * @param reason why there is none, e.g. its dataset had no test split
     */
    public NoTestEvaluationException(String model, int version, String reason) {
        super(404, TITLE, model + " v" + version + " has no test evaluation: " + reason, List.<FieldViolation>of());
    }
}
