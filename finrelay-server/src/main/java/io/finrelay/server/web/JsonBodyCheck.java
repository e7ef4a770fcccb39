package io.finrelay.server.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Every JSON request body is read once as tokens before it is bound, whatever the controller binds
 * it to (a record, a JsonNode, a String it verifies a signature over): a member name or string value
 * that breaks {@link TextRules}, a number that does not fit a decimal (an exponent beyond
 * ±{@value #MAX_EXPONENT} such as {@code 1e400}) or is more precise than any amount needs (over
 * {@value #MAX_DIGITS} digits), or nesting deeper than {@value #MAX_DEPTH} levels is a 400 problem
 * naming the member by its path ({@code lines[2].account}); so is a string over {@value #MAX_STRING}
 * characters. Malformed JSON is a 400 that says where (line and column),
 * never the parser's own message.
 */
@ControllerAdvice
public class JsonBodyCheck extends RequestBodyAdviceAdapter {
    static final int MAX_DEPTH = 64;
    static final int MAX_EXPONENT = 100;
    static final int MAX_DIGITS = 38;
    /** No member of a finance record needs a longer text; files travel as files, not as JSON strings. */
    static final int MAX_STRING = 10_000;

    private final ObjectMapper json;

    public JsonBodyCheck(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        MediaType type = input.getHeaders().getContentType();
        if (type == null || !(type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.getSubtype().endsWith("+json"))) {
            return input;
        }
        byte[] body = input.getBody().readAllBytes();
        check(body);
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }

    public void check(byte[] body) throws IOException {
        if (body.length == 0) {
            return;
        }
        try (JsonParser p = json.getFactory().createParser(body)) {
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            throw refused(pointer(p), "nests deeper than " + MAX_DEPTH + " levels");
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        Optional<String> refusal = p.currentName().length() > 200 ? Optional.of("is longer than 200 characters")
                                : TextRules.refusal(p.currentName());
                        if (refusal.isPresent()) {
                            // The pointer would quote the refused name: name its parent instead.
                            String parent = path(p.getParsingContext().getParent());
                            throw refused(parent, "has a member name that " + refusal.get());
                        }
                    }
                    case VALUE_STRING -> {
                        if (p.getTextLength() > MAX_STRING) {
                            throw refused(pointer(p), "is longer than " + MAX_STRING + " characters");
                        }
                        Optional<String> refusal = TextRules.refusal(p.getText());
                        if (refusal.isPresent()) {
                            throw refused(pointer(p), refusal.get());
                        }
                    }
                    case VALUE_NUMBER_FLOAT, VALUE_NUMBER_INT -> number(p);
                    default -> { }
                }
            }
        } catch (StreamConstraintsException e) {
            throw refused("", "is beyond the server's limits for a JSON document (nesting, number or string length)");
        } catch (JsonParseException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                    "the request body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")", java.util.Map.of("errors", java.util.List.of(
                            new ApiProblem.FieldError("body", null, "is not valid JSON at line "
                                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()))));
        } catch (JsonProcessingException e) {
            throw refused("", "is not valid JSON");
        }
    }

    private static void number(JsonParser p) throws IOException {
        String text = p.getText();
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw refused(pointer(p), "is not a number");
        }
        int exponent = value.precision() - value.scale() - 1;
        if (Math.abs(exponent) > MAX_EXPONENT && value.signum() != 0) {
            throw refused(pointer(p), "is out of range (exponent beyond " + MAX_EXPONENT + ")");
        }
        if (value.precision() > MAX_DIGITS || Math.abs(value.scale()) > MAX_EXPONENT) {
            throw refused(pointer(p), "has more than " + MAX_DIGITS + " significant digits");
        }
    }

    private static String pointer(JsonParser p) {
        return path(p.getParsingContext());
    }

    /** A member's path as the API's problems name fields: {@code lines[2].account}. */
    static String path(com.fasterxml.jackson.core.JsonStreamContext context) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (var c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.addFirst("." + c.getCurrentName());
            }
        }
        String out = String.join("", parts);
        return out.startsWith(".") ? out.substring(1) : out;
    }

    private static ApiProblem refused(String pointer, String reason) {
        return ApiProblem.invalid(pointer.isEmpty() ? "body" : pointer, null, reason);
    }
}
