package dev.baton.contracts.json;

import jakarta.validation.MessageInterpolator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Hibernate Validator's parameter-only interpolator (no expression language on the classpath), with
 * the one expression its default messages use resolved: {@code @DecimalMin}/{@code @DecimalMax}
 * say "must be less than ${inclusive == true ? 'or equal to ' : ''}{value}", which would otherwise
 * reach users verbatim. Any other leftover {@code ${...}} is dropped, so no template is ever shown.
 */
final class ExpressionFreeMessageInterpolator implements MessageInterpolator {
    private static final Pattern INCLUSIVE = Pattern.compile("\\$\\{inclusive == true \\? '([^']*)' : '([^']*)'}");
    private static final Pattern ANY_EXPRESSION = Pattern.compile("\\$\\{[^}]*}");

    private final MessageInterpolator parameters = new ParameterMessageInterpolator();

    @Override
    public String interpolate(String template, Context context) {
        return resolve(parameters.interpolate(template, context), context);
    }

    @Override
    public String interpolate(String template, Context context, Locale locale) {
        return resolve(parameters.interpolate(template, context, locale), context);
    }

    private static String resolve(String message, Context context) {
        if (!message.contains("${")) {
            return message;
        }
        boolean inclusive = !Boolean.FALSE.equals(context.getConstraintDescriptor().getAttributes().get("inclusive"));
        Matcher matcher = INCLUSIVE.matcher(message);
        String resolved = matcher.replaceAll(match -> Matcher.quoteReplacement(inclusive ? match.group(1) : match.group(2)));
        return ANY_EXPRESSION.matcher(resolved).replaceAll("").replaceAll(" {2,}", " ").strip();
    }
}
