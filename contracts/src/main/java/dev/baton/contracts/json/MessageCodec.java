package dev.baton.contracts.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.baton.contracts.messages.BatonMessage;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.validator.HibernateValidator;

/**
 * Writes and reads Baton's messages as JSON, and validates what it reads.
 *
 * <p>{@link #decode} turns every way a record can be wrong into a typed {@link MessageException}
 * whose violations name the field at fault, so a consumer can report it (an error result, a
 * FAILED event, a dead letter) instead of crashing. Unknown fields are ignored, so that newer
 * producers can add optional fields; a newer schema version is refused. Thread-safe.
 */
public final class MessageCodec {
    private static final MessageCodec INSTANCE = new MessageCodec();

    private final ObjectMapper mapper;
    private final Validator validator;

    private MessageCodec() {
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // 1.9 epochs is an error, not 1
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        ValidatorFactory factory = Validation.byProvider(HibernateValidator.class)
                .configure()
                .messageInterpolator(new ExpressionFreeMessageInterpolator())
                .buildValidatorFactory();
        this.validator = factory.getValidator();
    }

    /** @return the shared codec */
    public static MessageCodec instance() {
        return INSTANCE;
    }

    /** @return the configured JSON mapper (for manifests and views that are not messages) */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * @param message any message
     * @return its JSON bytes (UTF-8)
     */
    public byte[] encode(BatonMessage message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Parses and validates a message.
     *
     * @param json the record's bytes
     * @param type the expected message type
     * @param <T> the message type
     * @return the valid message
     * @throws MalformedMessageException when the bytes are not JSON of the message's shape
     * @throws UnsupportedSchemaVersionException when the schema version is newer than this code
     * @throws InvalidMessageException when values are not acceptable
     */
    public <T extends BatonMessage> T decode(byte[] json, Class<T> type) {
        String typeName = describe(type);
        if (json == null || json.length == 0) {
            throw new MalformedMessageException(typeName, new FieldViolation("", "the record is empty"), null);
        }
        T message;
        try {
            message = mapper.readValue(json, type);
        } catch (JsonMappingException e) {
            throw new MalformedMessageException(typeName, violationOf(e), e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new MalformedMessageException(typeName, new FieldViolation("", "not valid JSON" + where + ": "
                    + e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new MalformedMessageException(typeName, new FieldViolation("", e.getMessage()), e);
        }
        if (message == null) {
            throw new MalformedMessageException(typeName, new FieldViolation("", "the record is JSON null"), null);
        }
        if (message.schemaVersion() > BatonMessage.CURRENT_SCHEMA_VERSION || message.schemaVersion() < 1) {
            throw new UnsupportedSchemaVersionException(typeName, message.schemaVersion(),
                    BatonMessage.CURRENT_SCHEMA_VERSION);
        }
        requireValid(message);
        return message;
    }

    /**
     * Validates a message built in code (e.g. by the gateway from a REST request).
     *
     * @param message the message
     * @param <T> its type
     * @return the same message
     * @throws InvalidMessageException when values are not acceptable
     */
    public <T> T requireValid(T message) {
        Set<ConstraintViolation<T>> violations = validator.validate(message);
        if (!violations.isEmpty()) {
            List<FieldViolation> fields = violations.stream()
                    .map(v -> new FieldViolation(fieldOf(v), v.getMessage()))
                    .sorted(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::message))
                    .toList();
            throw new InvalidMessageException(describe(message.getClass()), fields);
        }
        return message;
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        // Cross-field rules are boolean "isX" methods: report them on the whole message.
        return path.matches("[a-zA-Z]+") && violation.getConstraintDescriptor().getAnnotation()
                .annotationType().equals(jakarta.validation.constraints.AssertTrue.class) ? "" : path;
    }

    private static FieldViolation violationOf(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root instanceof IllegalArgumentException && root.getMessage() != null
                ? root.getMessage().replaceFirst("^[a-zA-Z]+: ", "")
                : e.getOriginalMessage().lines().findFirst().orElse("cannot be read");
        return new FieldViolation(field, message);
    }

    private static String describe(Class<?> type) {
        return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
