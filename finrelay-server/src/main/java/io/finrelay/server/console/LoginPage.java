package io.finrelay.server.console;

import io.finrelay.model.id.PartnerId;
import io.finrelay.server.security.ApiKeyFilter;
import io.finrelay.server.security.ApiPrincipal;
import io.finrelay.server.security.TokenController;
import io.finrelay.server.tenancy.Tenants;
import io.finrelay.server.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in and out of the console. The login is the API's own ({@link TokenController#login}): the
 * same password check, throttle and audit records; the person its token names gets a console session.
 */
@Controller
public class LoginPage {
    private final TokenController logins;
    private final ConsolePages pages;
    private final Tenants tenants;
    private final boolean oidc;
    private final io.finrelay.server.security.PersonTokens people;
    private final io.finrelay.server.security.ConsoleSessions sessions;

    public LoginPage(TokenController logins, ConsolePages pages, Tenants tenants,
                     io.finrelay.server.security.SecurityProperties security,
                     io.finrelay.server.security.PersonTokens people, io.finrelay.server.security.ConsoleSessions sessions) {
        this.people = people;
        this.sessions = sessions;
        this.logins = logins;
        this.oidc = security.oidc().consoleSignIn();
        this.pages = pages;
        this.tenants = tenants;
    }

    @GetMapping("/ui/login")
    public String form(@RequestParam(required = false) String next, Model model) {
        model.addAttribute("next", safeNext(next));
        model.addAttribute("oidc", oidc);
        return "ui/login";
    }

    @PostMapping("/ui/login")
    public String login(@RequestParam(required = false) String tenant, @RequestParam(required = false) String partner,
                        @RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
                        @RequestParam(required = false) String next, HttpServletRequest request,
                        HttpServletResponse response, Model model) {
        try {
            refuseOtherPartners(blank(tenant), blank(partner), request);
            TokenController.TokenResponse answer = logins.login(new TokenController.Login(blank(tenant), blank(partner),
                    username, password), request).getBody();
            if (answer == null) {
                throw new IllegalStateException("the login answered no token");
            }
            // The login's token names the person; the console's session (sliding, re-checked) is started for them.
            ApiPrincipal person = people.verify(answer.access_token())
                    .orElseThrow(() -> new IllegalStateException("the login answered a token that does not verify"));
            io.finrelay.server.security.ConsoleSessions.Issued session = sessions.start(person, null);
            ConsoleSession.start(request, response, session.token(), session.cookieLifetime());
            return "redirect:" + safeNext(next);
        } catch (ApiProblem refused) {
            response.setStatus(refused.status() == HttpStatus.TOO_MANY_REQUESTS ? 429
                    : refused.status() == HttpStatus.BAD_REQUEST ? 400 : 401);
            model.addAttribute("error", refused.status() == HttpStatus.UNAUTHORIZED
                    ? "Unknown username or wrong password." : refused.getMessage());
            model.addAttribute("next", safeNext(next));
            model.addAttribute("oidc", oidc);
            model.addAttribute("tenant", tenant);
            model.addAttribute("partner", partner);
            model.addAttribute("username", username);
            return "ui/login";
        }
    }

    @PostMapping("/ui/logout")
    public String logout(HttpServletRequest request, HttpServletResponse response) {
        ConsoleSession.end(request, response);
        return "redirect:/ui/login";
    }

    /** The console's start page: a tenant's person lands in their tenant, a partner's administrator on the partner's overview. */
    @GetMapping({"/ui", "/ui/"})
    public String home(HttpServletRequest request) {
        ApiPrincipal me = (ApiPrincipal) request.getAttribute(ApiKeyFilter.PRINCIPAL);
        return me.tenantId().map(t -> "redirect:/ui/tenants/" + t.value())
                .orElse("redirect:/ui/partners/" + me.partnerId().value());
    }

    /**
     * On a partner's host only the partner's own tenants and administrators sign in; anyone else gets the
     * answer of a wrong password, so the host tells nothing about who exists elsewhere.
     */
    private void refuseOtherPartners(String tenant, String partner, HttpServletRequest request) {
        java.util.Optional<PartnerId> served = pages.hostPartner(request);
        if (served.isEmpty()) {
            return;
        }
        boolean ours = tenant != null ? tenants.partnerOfSlug(tenant).filter(served.get()::equals).isPresent()
                : partner != null && partner.equalsIgnoreCase(served.get().value().toString());
        if (!ours) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "unknown username or wrong password");
        }
    }

    /** Only a path of the console itself: never another site (an open redirect) nor a scheme-relative URL. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/ui") || next.startsWith("//") || next.contains("\\")
                || next.chars().anyMatch(ch -> ch < 0x20)) {
            return "/ui";
        }
        return next;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
