package dev.baton.gateway.jobs;

import dev.baton.contracts.messages.Names;
import dev.baton.contracts.messages.TrainingEvent;
import dev.baton.gateway.GatewaySettings;
import dev.baton.gateway.Page;
import dev.baton.gateway.limits.Bulkhead;
import dev.baton.gateway.problem.InvalidInputException;
import dev.baton.gateway.problem.NotFoundException;
import dev.baton.gateway.problem.Problem;
import dev.baton.gateway.security.Roles;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Arrays;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Training jobs: submit, list, get, cancel, and follow their events live. */
@Path("/api/v1/training-jobs")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "Training jobs")
public class TrainingJobResource {
    private final TrainingJobs jobs;
    private final JobView view;
    private final Bulkhead streams;

    TrainingJobResource(TrainingJobs jobs, JobView view, GatewaySettings settings) {
        this.jobs = jobs;
        this.view = view;
        this.streams = new Bulkhead("event streams", settings.events().maxStreams(), 5);
    }

    /** Queues a job: 201, or 200 with the earlier job when the Idempotency-Key was used before. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUBMITTER)
    public Response submit(JobSubmission submission, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context SecurityContext security, @Context UriInfo uri) {
        TrainingJobs.Submitted submitted = jobs.submit(submission, security.getUserPrincipal().getName(), idempotencyKey);
        var location = uri.getAbsolutePathBuilder().path(submitted.job().jobId()).build();
        return (submitted.created() ? Response.created(location) : Response.ok().location(location))
                .entity(submitted.job()).build();
    }

    /** Lists jobs, newest first, optionally of one state and model. */
    @GET
    @RolesAllowed(Roles.VIEWER)
    public Page<TrainingJob> list(@QueryParam("state") String state,
            @QueryParam("model") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(Page.MAX_SIZE) int size) {
        JobState wanted = state == null ? null : parseState(state);
        return Page.of(view.list(job -> (wanted == null || job.state() == wanted)
                && (model == null || model.equals(job.modelName()))), page, size);
    }

    /** What a submission gets for every field it leaves out. */
    @GET
    @Path("defaults")
    @RolesAllowed(Roles.VIEWER)
    public SubmissionDefaults defaults() {
        return SubmissionDefaults.CURRENT;
    }

    /** One job: state, attempts, last metrics, worker, timestamps, model version when done. */
    @GET
    @Path("{jobId}")
    @RolesAllowed(Roles.VIEWER)
    public TrainingJob get(@PathParam("jobId") @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String jobId) {
        return view.find(jobId).orElseThrow(() -> new NotFoundException("training job", jobId));
    }

    /** Asks the trainers to cancel a job: 202, or 409 when it has already ended. */
    @POST
    @Path("{jobId}/cancel")
    @RolesAllowed(Roles.SUBMITTER)
    public Response cancel(@PathParam("jobId") @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String jobId,
            @Context SecurityContext security) {
        return Response.accepted(jobs.cancel(jobId, security.getUserPrincipal().getName())).build();
    }

    /**
     * The job's events as Server-Sent Events (named by type): all so far, then live; ends after the
     * last (at once for a job that has ended). 429 with {@code Retry-After} when this gateway already
     * keeps its most streams open.
     */
    @GET
    @Path("{jobId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed(Roles.VIEWER)
    public Multi<OutboundSseEvent> events(
            @PathParam("jobId") @Pattern(regexp = Names.ID, message = Names.ID_MESSAGE) String jobId,
            @Context Sse sse) {
        get(jobId);
        Bulkhead.Permit permit = streams.enter();
        return view.follow(jobId).map(event -> toSse(sse, event)).onTermination().invoke(permit::close);
    }

    private static OutboundSseEvent toSse(Sse sse, TrainingEvent event) {
        return sse.newEventBuilder().name(event.type().name()).mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(TrainingEvent.class, event).build();
    }

    private static JobState parseState(String state) {
        try {
            return JobState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("state", "unknown state '" + state + "' (accepted: "
                    + Arrays.toString(JobState.values()) + ")");
        }
    }
}
