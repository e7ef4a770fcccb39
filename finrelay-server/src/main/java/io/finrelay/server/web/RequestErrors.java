package io.finrelay.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * Bean Validation and JSON binding errors as the API's one problem shape: an {@code errors} list
 * naming each field, the rule it broke and why. A rejected value is quoted only as a short prefix,
 * never for a secret field, and no message names a Java class.
 */
public final class RequestErrors {
    /** Longest quoted prefix of a rejected value. */
    static final int QUOTE = 40;
    private static final Set<String> SECRET = Set.of("password", "secret", "token", "key", "iban");
    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

    private RequestErrors() {}

    static List<ApiProblem.FieldError> of(MethodArgumentNotValidException e) {
        List<ApiProblem.FieldError> out = new ArrayList<>();
        for (FieldError f : e.getBindingResult().getFieldErrors()) {
            out.add(error(f.getField(), f.getRejectedValue(), f.getDefaultMessage(), f.getCode()));
        }
        for (ObjectError o : e.getBindingResult().getGlobalErrors()) {
            out.add(error("body", null, o.getDefaultMessage(), o.getCode()));
        }
        return out;
    }

    static List<ApiProblem.FieldError> of(HandlerMethodValidationException e) {
        List<ApiProblem.FieldError> out = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable r : result.getResolvableErrors()) {
                String field = r instanceof FieldError f ? name + "." + f.getField() : name;
                String[] codes = r.getCodes();
                out.add(error(field, result.getArgument(), r.getDefaultMessage(),
                        codes == null || codes.length == 0 ? null : codes[codes.length - 1]));
            }
        });
        return out;
    }

    static ApiProblem.FieldError of(jakarta.validation.ConstraintViolation<?> v) {
        String field = v.getPropertyPath().toString();
        return error(field.isEmpty() ? "body" : field, v.getInvalidValue(), v.getMessage(),
                v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName());
    }

    /** A body Jackson could not bind: the field it stopped at and why, in words. */
    public static ApiProblem.FieldError unreadable(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping);
            if (e instanceof UnrecognizedPropertyException) {
                return new ApiProblem.FieldError(field, null, "is not a known field", "unknown-field");
            }
            if (e instanceof InvalidFormatException format) {
                return error(field, format.getValue(), "is not a valid " + describe(format.getTargetType()), "type");
            }
            if (e instanceof MismatchedInputException mismatch) {
                return new ApiProblem.FieldError(field, null, "must be " + article(describe(mismatch.getTargetType())),
                        "type");
            }
            return new ApiProblem.FieldError(field, null, "could not be read", "type");
        }
        String reason = e instanceof JsonMappingException ? "is not the expected JSON value" : e.getOriginalMessage();
        return new ApiProblem.FieldError("body", null, reason, e instanceof JsonMappingException ? "type" : "json");
    }

    private static ApiProblem.FieldError error(String field, Object rejected, String reason, String code) {
        return new ApiProblem.FieldError(field, quote(field, rejected), reason == null ? "is invalid" : reason, rule(code));
    }

    /** {@code NotBlank} becomes {@code not-blank}: the constraint, without its Java spelling. */
    static String rule(String code) {
        if (code == null) {
            return null;
        }
        String simple = code.substring(code.lastIndexOf('.') + 1);
        return CAMEL.matcher(simple).replaceAll("$1-$2").toLowerCase(Locale.ROOT);
    }

    static Object quote(String field, Object value) {
        if (value == null || isSecret(field)) {
            return null;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (!(value instanceof CharSequence || value instanceof java.util.UUID || value instanceof Enum<?>)) {
            return null;  // a list or an object: its Java rendering says nothing to the caller
        }
        String text = String.valueOf(value);
        return text.length() <= QUOTE ? text : text.substring(0, QUOTE) + "...";
    }

    private static boolean isSecret(String field) {
        String last = field.substring(field.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return SECRET.stream().anyMatch(last::contains);
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }

    /** A JSON-facing name for a Java type: what the caller should have sent. */
    private static String describe(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        if (type.isEnum()) {
            return "value";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "list";
        }
        return switch (type.getName()) {
            case "java.util.UUID" -> "UUID";
            case "java.time.Instant" -> "ISO-8601 instant";
            case "java.time.Duration" -> "ISO-8601 duration";
            case "java.time.LocalDate" -> "ISO-8601 date";
            case "com.fasterxml.jackson.databind.JsonNode", "com.fasterxml.jackson.databind.node.ObjectNode",
                 "java.util.Map" -> "JSON object";
            default -> "JSON object";
        };
    }

    private static String article(String what) {
        return switch (what) {
            case "UUID" -> "a UUID";
            case "ISO-8601 instant", "ISO-8601 duration", "ISO-8601 date" -> "an " + what;
            default -> (what.matches("[aeiou].*") ? "an " : "a ") + what;
        };
    }
}
