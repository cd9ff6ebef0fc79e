package dev.baton.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console: one page that the browser fills from the public REST API with the user's own key.
 * The page itself holds no data, only the choices a job submission offers (from the contract's
 * enums), so it is served without a key.
 */
@Path("/console")
@PermitAll
public class ConsoleResource {
    private final String uplotVersion = Webjars.version("uplot");

    /** The build-checked templates of this resource ({@code templates/ConsoleResource/}). */
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(ConsoleChoices choices, String uplotVersion);
    }

    /** @return the console page */
    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance page() {
        return Templates.page(ConsoleChoices.INSTANCE, uplotVersion);
    }
}
