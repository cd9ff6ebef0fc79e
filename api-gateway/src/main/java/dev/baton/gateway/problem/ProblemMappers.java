package dev.baton.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.baton.contracts.json.FieldViolation;
import dev.baton.contracts.json.MessageException;
import dev.baton.gateway.security.ApiKeyAuthenticationMechanism;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error the gateway answers, as {@code application/problem+json} naming the field at fault. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    Response api(ApiException e) {
        Response response = problem(e.status(), e.title(), e.getMessage(), e.violations());
        if (e instanceof TooManyRequestsException busy) {
            return Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, busy.retryAfterSeconds()).build();
        }
        return response;
    }

    @ServerExceptionMapper
    Response invalidMessage(MessageException e) {
        return problem(400, "Invalid input", e.getMessage(), e.violations());
    }

    @ServerExceptionMapper
    Response constraintViolation(ConstraintViolationException e) {
        List<FieldViolation> fields = e.getConstraintViolations().stream()
                .map(v -> new FieldViolation(lastNode(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldViolation::field)).toList();
        return problem(400, "Invalid input", fields.stream().map(FieldViolation::toString)
                .collect(Collectors.joining("; ")), fields);
    }

    @ServerExceptionMapper
    Response mismatchedInput(MismatchedInputException e) {
        return unreadableBody(e);
    }

    @ServerExceptionMapper
    Response unreadableBody(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? m.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[") : "";
        String message = rootMessage(e);
        return problem(400, "Invalid input", field.isEmpty() ? message : field + ": " + message,
                List.of(new FieldViolation(field, message)));
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(problem(401, "Unauthorized",
                        "send a valid API key in the " + ApiKeyAuthenticationMechanism.HEADER + " header", List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyAuthenticationMechanism.CHALLENGE).build();
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException e) {
        return problem(403, "Forbidden", "the API key's roles do not allow this", List.of());
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableBody(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return problem(status.getStatusCode(), status.getReasonPhrase(), e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return problem(500, "Internal error", "the gateway failed; see its log", List.of());
    }

    /** @return a problem response of that status */
    static Response problem(int status, String title, String detail, List<FieldViolation> violations) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem("urn:baton:problem:" + status, title, status, detail, violations)).build();
    }

    private static String lastNode(ConstraintViolation<?> violation) {
        String last = "";
        for (Path.Node node : violation.getPropertyPath()) {
            last = node.getName() == null ? last : node.getName();
        }
        return last;
    }

    private static String rootMessage(JsonProcessingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException && root.getMessage() != null) {
            return root.getMessage().replaceFirst("^[a-zA-Z]+: ", "");
        }
        return e.getOriginalMessage().lines().findFirst().orElse("cannot be read");
    }
}
