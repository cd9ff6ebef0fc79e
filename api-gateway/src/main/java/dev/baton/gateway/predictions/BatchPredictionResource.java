package dev.baton.gateway.predictions;

import dev.baton.contracts.messages.Names;
import dev.baton.gateway.problem.Problem;
import dev.baton.gateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Asynchronous batch predictions over a dataset, with results stored in the object store. */
@Path("/api/v1/batch-predictions")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "Predictions")
public class BatchPredictionResource {
    private final BatchPredictions batches;

    BatchPredictionResource(BatchPredictions batches) {
        this.batches = batches;
    }

    /** Starts a batch: 202 with its id and status. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUBMITTER)
    public Response submit(@NotNull @Valid BatchSubmission batch) {
        BatchStatus status = batches.submit(batch);
        return Response.accepted(status).location(URI.create("/api/v1/batch-predictions/" + status.batchId())).build();
    }

    /** A batch's status. */
    @GET
    @Path("{batchId}")
    @RolesAllowed(Roles.VIEWER)
    public BatchStatus status(@PathParam("batchId") @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String batchId) {
        return batches.status(batchId);
    }

    /** A completed batch's results as JSON lines; 409 while it runs or once it failed. */
    @GET
    @Path("{batchId}/results")
    @Produces({"application/x-ndjson", Problem.MEDIA_TYPE})
    @RolesAllowed(Roles.VIEWER)
    public Response results(@PathParam("batchId") @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String batchId) {
        return Response.ok(batches.results(batchId), "application/x-ndjson").build();
    }
}
