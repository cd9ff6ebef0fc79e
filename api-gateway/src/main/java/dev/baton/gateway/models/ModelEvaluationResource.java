package dev.baton.gateway.models;

import dev.baton.contracts.messages.Names;
import dev.baton.gateway.problem.InvalidInputException;
import dev.baton.gateway.problem.Problem;
import dev.baton.gateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A model version's test-set evaluation (read-only). Kept apart from {@link ModelResource} so that
 * the version reads and writes there change independently.
 */
@Path("/api/v1/models/{model}/versions/{version}/evaluation")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "Models")
public class ModelEvaluationResource {
    private final ModelEvaluations evaluations;

    ModelEvaluationResource(ModelEvaluations evaluations) {
        this.evaluations = evaluations;
    }

    /**
     * Test accuracy, per-class precision and recall and the confusion matrix (row: true class, column:
     * predicted) of the version on its dataset's held-out test split. 404 problem+json for an unknown
     * model or version, and 404 titled "No test evaluation", with the reason, when the version has none
     * (its dataset had no test split).
     */
    @GET
    @RolesAllowed(Roles.VIEWER)
    public ModelEvaluation evaluation(
            @PathParam("model") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
            @PathParam("version") @Min(1) int version) {
        if (!Names.isValidName(model)) {
            throw new InvalidInputException("model", Names.NAME_MESSAGE + ", without '..'");
        }
        return evaluations.of(model, version);
    }
}
