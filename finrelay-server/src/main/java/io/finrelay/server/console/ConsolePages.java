package io.finrelay.server.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.exception.ExceptionQueue;
import io.finrelay.server.security.ApiKeyFilter;
import io.finrelay.server.security.ApiPrincipal;
import io.finrelay.server.security.Action;
import io.finrelay.server.tenancy.PartnerBrands;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.IbanMaskingAdvice;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.finrelay.model.ValidationException;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page shares: the signed-in person and the form's CSRF token in the model, what the
 * API's answers look like on a page (IBANs masked exactly as the API masks them for this caller), and
 * the API's refusals shown as pages with the API's status (404 for another tenant's page, 403 for an
 * action the person's roles do not allow, 409 for an action that no longer applies).
 */
@Component
@ControllerAdvice(basePackageClasses = ConsolePages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsolePages {
    static final String CSRF_ATTRIBUTE = ConsolePages.class.getName() + ".csrf";

    /** The signed-in person as a page shows them. */
    public record Me(String name, String tenantId, String partnerId, List<String> roles, boolean partnerAdmin) {}

    /** The brand a page is shown in: the partner's that serves the request's host, or Finrelay's own. */
    public record ShownBrand(String name, String primaryColour, boolean partner, boolean logo) {}

    static final ShownBrand FINRELAY = new ShownBrand("Finrelay", "#0b57a4", false, false);

    private final ObjectMapper json;
    private final PartnerBrands brands;

    public ConsolePages(ObjectMapper json, PartnerBrands brands) {
        this.brands = brands;
        // Every field of an answer is in the page's model, a null one too, so a template can ask for it.
        this.json = json.copy().setDefaultPropertyInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS);
    }

    @ModelAttribute
    void shared(HttpServletRequest request, Model model) {
        model.addAttribute("csrf", request.getAttribute(CSRF_ATTRIBUTE));
        model.addAttribute("brand", brand(request));
        if (request.getAttribute(ApiKeyFilter.PRINCIPAL) instanceof ApiPrincipal p) {
            model.addAttribute("me", new Me(p.subject(), p.tenantId().map(t -> t.value().toString()).orElse(null),
                    p.partnerId().value().toString(), List.copyOf(p.roleNames()), p.isPartnerAdmin()));
            // Which buttons to show: the actions the person's roles allow (the API decides again on every click).
            Map<String, Boolean> may = new java.util.HashMap<>();
            for (Action action : Action.values()) {
                may.put(action.wireName(), p.allows(action));
            }
            model.addAttribute("may", may);
        }
    }

    /** The brand of the request's host. */
    ShownBrand brand(HttpServletRequest request) {
        return brands.forHost(request.getServerName()).map(b -> new ShownBrand(b.name(), b.primaryColour(), true,
                b.hasLogo())).orElse(FINRELAY);
    }

    /** The partner that serves the request's host, if one does. */
    java.util.Optional<io.finrelay.model.id.PartnerId> hostPartner(HttpServletRequest request) {
        return brands.forHost(request.getServerName()).map(PartnerBrands.Brand::partnerId);
    }

    /** An API answer as the page's model: plain maps and lists, IBANs masked unless the caller may read bank details. */
    Map<String, Object> view(Object answer, HttpServletRequest request) {
        return json.convertValue(tree(answer, request), new TypeReference<Map<String, Object>>() {});
    }

    /** A list of API answers as the page's model. */
    List<Map<String, Object>> views(List<?> answers, HttpServletRequest request) {
        return json.convertValue(tree(answers, request), new TypeReference<List<Map<String, Object>>>() {});
    }

    /** An API answer as a JSON tree, masked as {@link #view} masks it. */
    JsonNode tree(Object answer, HttpServletRequest request) {
        JsonNode tree = json.valueToTree(answer);
        boolean mayRead = request.getAttribute(ApiKeyFilter.PRINCIPAL) instanceof ApiPrincipal p
                && p.allows(Action.READ_BANK_DETAILS);
        return mayRead ? tree : IbanMaskingAdvice.masked(tree);
    }

    /** Pretty JSON for a detail block (a state, an audit record's detail), masked as {@link #view}. */
    String pretty(Object value, HttpServletRequest request) {
        try {
            return value == null ? "" : json.writerWithDefaultPrettyPrinter().writeValueAsString(tree(value, request));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @ExceptionHandler(ApiProblem.class)
    String problem(ApiProblem problem, HttpServletRequest request, HttpServletResponse response, Model model) {
        shared(request, model); // an exception handler's model starts empty
        response.setStatus(problem.status().value());
        model.addAttribute("status", problem.status().value());
        model.addAttribute("title", problem.title());
        String detail = problem.getMessage() == null ? "" : problem.getMessage();
        if (problem.properties().get("errors") instanceof List<?> errors && errors.size() > 1) {
            detail = errors.stream().map(e -> e instanceof ApiProblem.FieldError f ? f.field() + ": " + f.reason()
                    : String.valueOf(e)).collect(java.util.stream.Collectors.joining("; "));
        }
        model.addAttribute("detail", IbanMaskingAdvice.masked(json.getNodeFactory().textNode(detail)).asText());
        return "ui/error";
    }

    @ExceptionHandler(ExceptionQueue.ActionRefused.class)
    String refused(ExceptionQueue.ActionRefused refused, HttpServletRequest request, HttpServletResponse response,
                   Model model) {
        shared(request, model);
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        model.addAttribute("status", HttpServletResponse.SC_CONFLICT);
        model.addAttribute("title", "The action no longer applies");
        model.addAttribute("detail", refused.getMessage());
        return "ui/error";
    }

    @ExceptionHandler(ValidationException.class)
    String invalid(ValidationException invalid, HttpServletRequest request, HttpServletResponse response, Model model) {
        shared(request, model);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("status", HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("title", "Invalid input");
        model.addAttribute("detail", invalid.field() + ": " + invalid.reason());
        return "ui/error";
    }
}
