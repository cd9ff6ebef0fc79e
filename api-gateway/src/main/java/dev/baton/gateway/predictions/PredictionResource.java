package dev.baton.gateway.predictions;

import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.messages.Names;
import dev.baton.gateway.problem.Problem;
import dev.baton.gateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Synchronous predictions on a model, a pinned version or an alias. */
@Path("/api/v1/models/{model}/predict")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "Predictions")
public class PredictionResource {
    private final Predictions predictions;

    PredictionResource(Predictions predictions) {
        this.predictions = predictions;
    }

    /**
     * Classifies the image in the body; 504 when no inference worker answers in time, 404 when
     * the worker knows no such model, version or alias; 413 when the body is over the size limit
     * (refused as it streams in) or the image declares more pixels than allowed; 429 with
     * {@code Retry-After} when this gateway already waits on its most predicts.
     */
    @POST
    @Consumes({"image/png", "image/jpeg", MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed(Roles.VIEWER)
    public InferenceResult predict(
            @PathParam("model") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
            @QueryParam("version") @Min(1) Integer version,
            @QueryParam("alias") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String alias,
            @QueryParam("topK") @DefaultValue("5") @Min(1) @Max(100) int topK,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
            InputStream image) {
        return predictions.predict(model, version, alias, topK, image, contentLength);
    }
}
