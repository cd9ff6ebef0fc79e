package dev.baton.gateway.datasets;

import dev.baton.contracts.messages.Names;
import dev.baton.gateway.problem.NotFoundException;
import dev.baton.gateway.problem.Problem;
import dev.baton.gateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Image-folder datasets in the object store: upload a zip, register a prefix, list, describe, delete. */
@Path("/api/v1/datasets")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "Datasets")
public class DatasetResource {
    private final DatasetCatalog catalog;
    private final DatasetUpload upload;

    DatasetResource(DatasetCatalog catalog, DatasetUpload upload) {
        this.catalog = catalog;
        this.upload = upload;
    }

    /**
     * Streams a zip ({@code <class>/<file>} images, or {@code train/<class>/<file>} and
     * {@code test/<class>/<file>} for a held-out test split) into a new dataset: 201 with the report;
     * 409 if the name is taken; 400 for a zip that mixes the layouts or tests classes training lacks.
     */
    @PUT
    @Path("{name}")
    @Consumes({"application/zip", MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed(Roles.SUBMITTER)
    public Response upload(@PathParam("name") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String name,
            InputStream zip) {
        return Response.created(URI.create("/api/v1/datasets/" + name)).entity(upload.upload(name, zip)).build();
    }

    /**
     * Publishes images already stored under {@code baton-data/datasets/<name>/images/<class>/} (or
     * {@code images/train/<class>/} and {@code images/test/<class>/}): 201 with the report.
     */
    @POST
    @Path("{name}/register")
    @RolesAllowed(Roles.SUBMITTER)
    public Response register(@PathParam("name") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String name) {
        return Response.created(URI.create("/api/v1/datasets/" + name)).entity(catalog.register(name)).build();
    }

    /** Every published dataset. */
    @GET
    @RolesAllowed(Roles.VIEWER)
    public List<DatasetReport> list() {
        return catalog.list();
    }

    /** One dataset's report: classes, counts, skipped files. */
    @GET
    @Path("{name}")
    @RolesAllowed(Roles.VIEWER)
    public DatasetReport get(@PathParam("name") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String name) {
        return catalog.find(name).orElseThrow(() -> new NotFoundException("dataset", name));
    }

    /** Deletes a dataset: 204, or 404. */
    @DELETE
    @Path("{name}")
    @RolesAllowed(Roles.SUBMITTER)
    public Response delete(@PathParam("name") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String name) {
        catalog.delete(name);
        return Response.noContent().build();
    }
}
