package dev.baton.transfer.weights.tfjs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.baton.transfer.weights.WeightFormatException;

/**
 * Reads the data literal out of a JavaScript module that merely wraps data, such as the minified
 * UMD/browserify bundles in which nsfwjs ships its TF.js {@code model.json} (an object literal) and
 * its weight shards (a base64 string literal).
 *
 * <p>Nothing is executed. The first {@code exports=} (or {@code exports =}) directly followed by an
 * object, array or string literal is located, the balanced literal is cut out and rewritten to strict
 * JSON: unquoted keys are quoted, single-quoted strings re-quoted, {@code !0}/{@code !1} become
 * {@code true}/{@code false}, {@code void 0}/{@code undefined} become {@code null}, numbers such as
 * {@code .5}, {@code -.5}, {@code 5.} and {@code 0x1F} are normalised. The JSON is then parsed with
 * Jackson (trailing commas, {@code NaN} and {@code Infinity} allowed).
 */
public final class JsLiteral {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private JsLiteral() {
    }

    /**
     * Extracts and parses the literal assigned to {@code exports} in a JS module.
     *
     * @param moduleSource the module's source text
     * @param origin a description of the source for error messages (e.g. the file name)
     * @return the literal as a Jackson tree (a {@code TextNode} for a string literal)
     * @throws WeightFormatException when no data literal is exported or it cannot be parsed
     */
    public static JsonNode exportedLiteral(String moduleSource, String origin) throws WeightFormatException {
        int start = findExportedLiteral(moduleSource);
        if (start < 0) {
            throw new WeightFormatException(origin + ": no 'exports=' followed by an object, array or string literal");
        }
        return parse(moduleSource, start, origin);
    }

    /**
     * Parses a JavaScript data literal (object, array, string, number, boolean, null) starting at an offset.
     *
     * @param source the text
     * @param start the offset of the literal's first character
     * @param origin a description of the source for error messages
     * @return the literal as a Jackson tree
     * @throws WeightFormatException when the literal is unbalanced or not data
     */
    public static JsonNode parse(String source, int start, String origin) throws WeightFormatException {
        String json = new Converter(source, start, origin).convert();
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new WeightFormatException(origin + ": literal is not valid data: " + e.getOriginalMessage(), e);
        }
    }

    private static int findExportedLiteral(String s) {
        int from = 0;
        while (true) {
            int i = s.indexOf("exports", from);
            if (i < 0) {
                return -1;
            }
            int j = skipSpaces(s, i + "exports".length());
            if (j < s.length() && s.charAt(j) == '=' && (j + 1 >= s.length() || s.charAt(j + 1) != '=')) {
                int k = skipSpaces(s, j + 1);
                if (k < s.length()) {
                    char c = s.charAt(k);
                    if (c == '{' || c == '[' || c == '"' || c == '\'') {
                        return k;
                    }
                }
            }
            from = i + 1;
        }
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Single-pass rewrite of one balanced JS literal into strict JSON. */
    private static final class Converter {
        private final String s;
        private final String origin;
        private final StringBuilder out;
        private int i;

        Converter(String s, int start, String origin) {
            this.s = s;
            this.origin = origin;
            this.i = start;
            this.out = new StringBuilder(Math.min(s.length() - start, 1 << 20) + 64);
        }

        String convert() throws WeightFormatException {
            int depth = 0;
            do {
                i = skipSpaces(s, i);
                if (i >= s.length()) {
                    throw new WeightFormatException(origin + ": unterminated literal");
                }
                char c = s.charAt(i);
                switch (c) {
                    case '{', '[' -> {
                        depth++;
                        out.append(c);
                        i++;
                    }
                    case '}', ']' -> {
                        depth--;
                        out.append(c);
                        i++;
                    }
                    case ',', ':' -> {
                        out.append(c);
                        i++;
                    }
                    case '"', '\'' -> string(c);
                    case '!' -> bang();
                    default -> {
                        if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
                            number();
                        } else if (Character.isJavaIdentifierStart(c)) {
                            identifier();
                        } else {
                            throw new WeightFormatException(origin + ": unexpected character '" + c + "' at offset " + i);
                        }
                    }
                }
                if (depth < 0) {
                    throw new WeightFormatException(origin + ": unbalanced literal at offset " + i);
                }
            } while (depth > 0);
            return out.toString();
        }

        private void string(char quote) throws WeightFormatException {
            int j = i + 1;
            out.append('"');
            while (true) {
                if (j >= s.length()) {
                    throw new WeightFormatException(origin + ": unterminated string starting at offset " + i);
                }
                char c = s.charAt(j);
                if (c == quote) {
                    break;
                }
                if (c == '\\') {
                    char n = j + 1 < s.length() ? s.charAt(j + 1) : ' ';
                    if (n == '\'') {
                        out.append('\'');
                    } else if (n == 'x' && j + 3 < s.length()) {
                        out.append("\\u00").append(s, j + 2, j + 4);
                        j += 2;
                    } else {
                        out.append(c).append(n);
                    }
                    j += 2;
                    continue;
                }
                if (c == '"') {
                    out.append("\\\"");
                } else {
                    out.append(c);
                }
                j++;
            }
            out.append('"');
            i = j + 1;
        }

        private void bang() throws WeightFormatException {
            if (i + 1 < s.length() && (s.charAt(i + 1) == '0' || s.charAt(i + 1) == '1')) {
                out.append(s.charAt(i + 1) == '0' ? "true" : "false");
                i += 2;
                return;
            }
            throw new WeightFormatException(origin + ": unsupported expression '!' at offset " + i);
        }

        private void number() throws WeightFormatException {
            int j = i;
            StringBuilder num = new StringBuilder();
            if (s.charAt(j) == '-' || s.charAt(j) == '+') {
                if (s.charAt(j) == '-') {
                    num.append('-');
                }
                j++;
            }
            if (s.startsWith("Infinity", j)) {
                out.append(num).append("Infinity");
                i = j + "Infinity".length();
                return;
            }
            if (j + 1 < s.length() && s.charAt(j) == '0' && (s.charAt(j + 1) == 'x' || s.charAt(j + 1) == 'X')) {
                int k = j + 2;
                while (k < s.length() && Character.digit(s.charAt(k), 16) >= 0) {
                    k++;
                }
                out.append(num).append(new java.math.BigInteger(s.substring(j + 2, k), 16));
                i = k;
                return;
            }
            int k = j;
            while (k < s.length() && Character.isDigit(s.charAt(k))) {
                k++;
            }
            String intPart = s.substring(j, k);
            String frac = "";
            if (k < s.length() && s.charAt(k) == '.') {
                int f = k + 1;
                while (f < s.length() && Character.isDigit(s.charAt(f))) {
                    f++;
                }
                frac = s.substring(k + 1, f);
                k = f;
            }
            String exp = "";
            if (k < s.length() && (s.charAt(k) == 'e' || s.charAt(k) == 'E')) {
                int e = k + 1;
                if (e < s.length() && (s.charAt(e) == '-' || s.charAt(e) == '+')) {
                    e++;
                }
                int d = e;
                while (d < s.length() && Character.isDigit(s.charAt(d))) {
                    d++;
                }
                if (d == e) {
                    throw new WeightFormatException(origin + ": malformed exponent at offset " + k);
                }
                exp = s.substring(k, d);
                k = d;
            }
            if (intPart.isEmpty() && frac.isEmpty()) {
                throw new WeightFormatException(origin + ": malformed number at offset " + i);
            }
            // strip superfluous leading zeros (JSON forbids "007")
            String ip = intPart.isEmpty() ? "0" : intPart.replaceFirst("^0+(?=\\d)", "");
            num.append(ip);
            if (!frac.isEmpty()) {
                num.append('.').append(frac);
            }
            num.append(exp);
            int after = skipSpaces(s, k);
            if (after < s.length() && s.charAt(after) == ':') {
                out.append('"').append(num).append('"'); // numeric object key
            } else {
                out.append(num);
            }
            i = k;
        }

        private void identifier() throws WeightFormatException {
            int j = i;
            while (j < s.length() && Character.isJavaIdentifierPart(s.charAt(j))) {
                j++;
            }
            String id = s.substring(i, j);
            int next = skipSpaces(s, j);
            if (next < s.length() && s.charAt(next) == ':') {
                out.append('"').append(id).append('"');
                i = j;
                return;
            }
            switch (id) {
                case "true", "false", "null", "NaN", "Infinity" -> {
                    out.append(id);
                    i = j;
                }
                case "undefined" -> {
                    out.append("null");
                    i = j;
                }
                case "void" -> {
                    int k = skipSpaces(s, j);
                    if (k < s.length() && s.charAt(k) == '0') {
                        out.append("null");
                        i = k + 1;
                    } else {
                        throw new WeightFormatException(origin + ": unsupported 'void' expression at offset " + i);
                    }
                }
                default -> throw new WeightFormatException(origin + ": unsupported identifier '" + id
                        + "' in data literal at offset " + i);
            }
        }
    }
}
