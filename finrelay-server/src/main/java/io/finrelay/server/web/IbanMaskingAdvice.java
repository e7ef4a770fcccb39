package io.finrelay.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.finrelay.model.bank.IbanMasker;
import io.finrelay.server.security.ApiKeyFilter;
import io.finrelay.server.security.ApiPrincipal;
import io.finrelay.server.security.Action;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Masks every IBAN in the API's JSON answers for callers that may not read bank details, and in
 * every problem (error texts never carry a full account number, whoever asks). One place for all
 * endpoints, so a new endpoint cannot forget it; the mask is {@link IbanMasker}'s, as in the logs.
 */
@ControllerAdvice
public class IbanMaskingAdvice implements ResponseBodyAdvice<Object> {
    private final ObjectMapper json;

    public IbanMaskingAdvice(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body == null || body instanceof byte[] || !isJson(contentType)) {
            return body;
        }
        boolean problem = body instanceof ProblemDetail || MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(contentType);
        if (!problem && mayReadBankDetails(request)) {
            return body;
        }
        if (body instanceof String text) {
            return IbanMasker.mask(text);
        }
        JsonNode tree = json.valueToTree(body);
        return masked(tree);
    }

    private static boolean isJson(MediaType type) {
        return type != null && (MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json"));
    }

    private static boolean mayReadBankDetails(ServerHttpRequest request) {
        return request instanceof ServletServerHttpRequest servlet
                && servlet.getServletRequest().getAttribute(ApiKeyFilter.PRINCIPAL) instanceof ApiPrincipal caller
                && caller.allows(Action.READ_BANK_DETAILS);
    }

    public static JsonNode masked(JsonNode node) {
        if (node instanceof TextNode text) {
            String masked = IbanMasker.mask(text.asText());
            return masked.equals(text.asText()) ? node : TextNode.valueOf(masked);
        }
        if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> e.setValue(masked(e.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, masked(array.get(i)));
            }
        }
        return node;
    }
}
