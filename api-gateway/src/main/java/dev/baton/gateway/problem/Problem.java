package dev.baton.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.contracts.json.FieldViolation;
import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}).
 *
 * @param type a URI naming the kind of problem
 * @param title the kind, in words
 * @param status the HTTP status
 * @param detail what went wrong this time
 * @param violations the fields at fault (empty when no field is)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldViolation> violations) {
    /** The media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";
}
