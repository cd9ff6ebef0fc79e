package dev.baton.gateway.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.baton.contracts.storage.BaseModelRegistry;
import dev.baton.gateway.GatewaySettings;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;

import dev.baton.contracts.messages.Names;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.PublishRecord;
import dev.baton.gateway.problem.Problem;
import dev.baton.gateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The pretrained bases registered in the object store ({@code baton-models/base-models/<name>/}). */
@Path("/api/v1/base-models")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "Base models")
public class BaseModelResource {
    private final ObjectStore store;
    private final AtomicPublisher publisher;
    private final BaseModelImport importer;
    private final BaseModelRegistry registry;

    BaseModelResource(ObjectStore store, AtomicPublisher publisher, GatewaySettings settings) {
        this.store = store;
        this.publisher = publisher;
        this.registry = new BaseModelRegistry(store);
        this.importer = new BaseModelImport(registry, settings.uploads().maxZipBytes(),
                settings.baseModels());
    }

    /**
     * A registered base: the name a training job gives as {@code pretrained}.
     *
     * @param name the base's name
     * @param publishedAt when it was registered
     * @param attributes what the importer recorded (architecture, source, licence...)
     * @param files its files
     * @param architecture the backbone its weights fit, from its manifest (e.g. {@code mobilenet_v2})
     * @param source where its weights came from, from its manifest
     * @param licence the SPDX licence of its source, from its manifest
     * @param provenance what the weights are (pretraining data, retrained parts), from its manifest
     */
    public record BaseModel(String name, Instant publishedAt, Map<String, String> attributes, List<String> files,
            String architecture, String source, String licence, String provenance) {
    }

    /** Every completely registered base. */
    @GET
    @RolesAllowed(Roles.VIEWER)
    public List<BaseModel> list() {
        List<BaseModel> bases = new ArrayList<>();
        for (String prefix : store.listPrefixes(ObjectKeys.MODELS_BUCKET, "base-models/")) {
            String name = prefix.substring("base-models/".length(), prefix.length() - 1);
            if (Names.isValidName(name)) {
                publisher.readComplete(ObjectKeys.MODELS_BUCKET, prefix).ifPresent(record -> {
                    JsonNode manifest = registry.manifest(name, record).orElse(MissingNode.getInstance());
                    bases.add(new BaseModel(name, record.publishedAt(), record.attributes(),
                            record.files().stream().map(PublishRecord.PublishedFile::path).toList(),
                            text(manifest.path("architecture").path("name")), text(manifest.path("source")),
                            text(manifest.path("licence")), text(manifest.path("provenance"))));
                });
            }
        }
        return bases;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : null;
    }

    /**
     * Registers a base from a zip of Baton's base format ({@code base-manifest.json} and its
     * weights, as {@code baton base import-*} writes them): 201 with the manifest; 400 when the zip,
     * manifest, architecture or checksum is wrong; 409 when the name is taken (unless {@code replace}).
     */
    @PUT
    @Path("{name}")
    @Consumes({"application/zip", MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed(Roles.SUBMITTER)
    public Response importBase(@PathParam("name") @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String name,
            @QueryParam("replace") @DefaultValue("false") boolean replace, InputStream zip) {
        return Response.created(URI.create("/api/v1/base-models/" + name))
                .entity(importer.importZip(name, zip, replace)).build();
    }
}
