package dev.baton.gateway.security;

import dev.baton.gateway.problem.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who the caller's API key signs in as: the console checks a key with it and offers only what the role may do. */
@Path("/api/v1/me")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "Caller")
public class CallerResource {
    private final SecurityIdentity identity;

    CallerResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    /**
     * The caller.
     *
     * @param client the client the key belongs to
     * @param roles its roles, sorted ({@value Roles#ADMIN} includes {@value Roles#SUBMITTER}, which includes
     *     {@value Roles#VIEWER})
     */
    public record Caller(String client, List<String> roles) {
    }

    /** @return the caller's client name and roles; 401 without a valid key */
    @GET
    @RolesAllowed(Roles.VIEWER)
    public Caller me() {
        return new Caller(identity.getPrincipal().getName(), identity.getRoles().stream().sorted().toList());
    }
}
