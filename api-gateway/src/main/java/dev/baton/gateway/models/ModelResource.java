package dev.baton.gateway.models;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.ModelAliasChanged;
import dev.baton.contracts.messages.ModelLoadFailed;
import dev.baton.contracts.messages.Names;
import dev.baton.gateway.problem.NotFoundException;
import dev.baton.gateway.problem.Problem;
import dev.baton.gateway.security.Roles;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Models, their versions with provenance, bundle downloads, and aliases (promotion and rollback). */
@Path("/api/v1/models")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "Models")
public class ModelResource {
    private final ModelCatalog catalog;
    private final AliasView aliases;
    private final LoadFailureView loadFailures;
    private final MutinyEmitter<Record<String, ModelAliasChanged>> aliasChanges;
    private final ModelDeletion deletion;

    ModelResource(ModelCatalog catalog, AliasView aliases, LoadFailureView loadFailures,
            @Channel("model-aliases") MutinyEmitter<Record<String, ModelAliasChanged>> aliasChanges,
            ModelDeletion deletion) {
        this.catalog = catalog;
        this.aliases = aliases;
        this.loadFailures = loadFailures;
        this.aliasChanges = aliasChanges;
        this.deletion = deletion;
    }

    /** Every model with a complete version. */
    @GET
    @RolesAllowed(Roles.VIEWER)
    public List<ModelSummary> list() {
        return catalog.list();
    }

    /** The complete versions of a model, oldest first, with provenance and aliases; 404 when none. */
    @GET
    @Path("{model}/versions")
    @RolesAllowed(Roles.VIEWER)
    public List<ModelVersion> versions(
            @PathParam("model") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model) {
        List<ModelVersion> versions = catalog.versions(requireName(model));
        if (versions.isEmpty()) {
            throw new NotFoundException("model", model);
        }
        return versions;
    }

    /**
     * Why versions of the model did not serve: the inference workers' load-failure reports, newest
     * first (empty when every version loaded).
     */
    @GET
    @Path("{model}/load-failures")
    @RolesAllowed(Roles.VIEWER)
    public List<ModelLoadFailed> loadFailures(
            @PathParam("model") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model) {
        return loadFailures.of(model);
    }

    /** One version. */
    @GET
    @Path("{model}/versions/{version}")
    @RolesAllowed(Roles.VIEWER)
    public ModelVersion version(
            @PathParam("model") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
            @PathParam("version") @Min(1) int version) {
        return catalog.version(requireName(model), version);
    }

    /**
     * Deletes one version: inference workers stop serving it at once and never load it again, its
     * objects are removed and its number is never given again. 204; 404 for an unknown version;
     * 409 while an alias points at it (move the alias first).
     */
    @DELETE
    @Path("{model}/versions/{version}")
    @RolesAllowed(Roles.ADMIN)
    public Response deleteVersion(
            @PathParam("model") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
            @PathParam("version") @Min(1) int version, @Context SecurityContext security) {
        deletion.deleteVersion(requireName(model), version, security.getUserPrincipal().getName());
        return Response.noContent().build();
    }

    /**
     * Deletes a model: every version, as {@link #deleteVersion} does. 204; 404 for a model without
     * versions; 409 while an alias points at any of its versions.
     */
    @DELETE
    @Path("{model}")
    @RolesAllowed(Roles.ADMIN)
    public Response deleteModel(
            @PathParam("model") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
            @Context SecurityContext security) {
        deletion.deleteModel(requireName(model), security.getUserPrincipal().getName());
        return Response.noContent().build();
    }

    /** The version's bundle as a zip, streamed. */
    @GET
    @Path("{model}/versions/{version}/bundle")
    @Produces({"application/zip", Problem.MEDIA_TYPE})
    @RolesAllowed(Roles.VIEWER)
    public Response bundle(
            @PathParam("model") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
            @PathParam("version") @Min(1) int version) {
        ModelVersion found = catalog.version(requireName(model), version);
        StreamingOutput zip = out -> catalog.writeBundle(found, out);
        return Response.ok(zip, "application/zip").header("Content-Disposition",
                "attachment; filename=\"" + model + "-v" + version + ".zip\"").build();
    }

    /** Points an alias (e.g. production) at a complete version; inference follows it. 404 for an unknown version. */
    @PUT
    @Path("{model}/aliases/{alias}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUBMITTER)
    public ModelSummary moveAlias(
            @PathParam("model") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
            @PathParam("alias") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String alias,
            @NotNull @Valid AliasMove move, @Context SecurityContext security) {
        ModelVersion target = catalog.version(requireName(model), move.version());
        ModelAliasChanged change = MessageCodec.instance().requireValid(new ModelAliasChanged(
                BatonMessage.CURRENT_SCHEMA_VERSION, model, alias, target.version(),
                security.getUserPrincipal().getName(), Instant.now()));
        aliasChanges.sendAndAwait(Record.of(change.key(), change));
        aliases.apply(change);
        List<ModelVersion> versions = catalog.versions(model);
        return new ModelSummary(model, versions.get(versions.size() - 1).version(), versions.size(), aliases.of(model));
    }

    private static String requireName(String model) {
        if (!Names.isValidName(model)) {
            throw new dev.baton.gateway.problem.InvalidInputException("model", Names.NAME_MESSAGE + ", without '..'");
        }
        return model;
    }
}
