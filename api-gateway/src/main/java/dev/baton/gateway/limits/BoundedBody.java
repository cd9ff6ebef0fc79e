package dev.baton.gateway.limits;

import dev.baton.gateway.problem.InvalidInputException;
import dev.baton.gateway.problem.PayloadTooLargeException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body into memory only up to a limit, counted as it streams in: a declared
 * {@code Content-Length} over the limit is refused before a byte is read, and a chunked body is cut
 * off at the first byte past it. Either way 413, never a buffered gigabyte.
 */
public final class BoundedBody {
    private BoundedBody() {
    }

    /**
     * @param body the request body
     * @param declaredLength the {@code Content-Length} header, or null
     * @param maxBytes the most bytes accepted
     * @param field the name of the body in messages
     * @return the body's bytes, at most {@code maxBytes}
     * @throws PayloadTooLargeException when the body is larger
     * @throws InvalidInputException when the body cannot be read
     */
    public static byte[] read(InputStream body, String declaredLength, int maxBytes, String field) {
        if (declaredLength != null && declaredLength.matches("\\d{1,19}") && Long.parseLong(declaredLength) > maxBytes) {
            throw tooLarge(field, maxBytes);
        }
        if (body == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(field, maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidInputException(field, "the body could not be read: " + e.getMessage());
        }
    }

    private static PayloadTooLargeException tooLarge(String field, int maxBytes) {
        return new PayloadTooLargeException(field, "larger than " + maxBytes + " bytes");
    }
}
