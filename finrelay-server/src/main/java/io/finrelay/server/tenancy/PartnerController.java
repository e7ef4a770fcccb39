package io.finrelay.server.tenancy;

import io.finrelay.engine.audit.AuditRecord;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.RequestValidation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A partner's own things: its tenants (the partner overview's list) and its brand (white-label: the name
 * and colour the console shows on the host names the partner serves).
 */
@RestController
public class PartnerController {
    /** One host name, lower case, as DNS writes it (no port, no scheme). */
    static final String HOST = "^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$";
    private static final String HOST_RULE = "each must be a host name such as console.partner.example (lower case, no port)";

    /** A partner's tenants. */
    public record TenantList(List<TenantController.TenantView> items) {}

    /** The brand to set: shown in the console's header, on the host names listed. */
    public record BrandRequest(
            @NotBlank(message = "is required") @Size(max = 80, message = "must be at most 80 characters")
            @Schema(example = "Kanzlei Nord Treuhand") String name,
            @NotNull(message = "is required")
            @Pattern(regexp = "^#[0-9a-fA-F]{6}$", message = "must be a colour as #RRGGBB")
            @Schema(example = "#1f5e3b", description = "the header's background; white text on it must meet WCAG AA (4.5:1)")
            String primaryColour,
            @NotNull(message = "is required: the host names the partner's console is served on")
            @Size(max = 10, message = "at most 10 host names") List<@NotNull(message = HOST_RULE)
            @Pattern(regexp = HOST, message = HOST_RULE) String> hosts) {}

    /** A partner's brand as set. */
    public record BrandView(UUID partnerId, String name, String primaryColour, List<String> hosts, boolean logo) {
        static BrandView of(PartnerBrands.Brand b) {
            return new BrandView(b.partnerId().value(), b.name(), b.primaryColour(), b.hosts(), b.hasLogo());
        }
    }

    /** The largest logo taken, and its largest side in pixels: a header mark, not a picture. */
    static final int MAX_LOGO_BYTES = 65_536;
    static final int MAX_LOGO_SIDE = 512;

    private final Access access;
    private final Tenants tenants;
    private final PartnerBrands brands;
    private final AuditLog audit;
    private final RequestValidation validation;
    private final Clock clock;

    public PartnerController(Access access, Tenants tenants, PartnerBrands brands, AuditLog audit,
                             RequestValidation validation, Clock clock) {
        this.access = access;
        this.tenants = tenants;
        this.brands = brands;
        this.audit = audit;
        this.validation = validation;
        this.clock = clock;
    }

    /** The partner's tenants, by name. */
    @GetMapping("/v1/partners/{partnerId}/tenants")
    public TenantList tenants(@PathVariable UUID partnerId) {
        PartnerId partner = access.partner(partnerId, Action.READ_TENANT);
        return new TenantList(tenants.ofPartner(partner).stream().map(TenantController.TenantView::of).toList());
    }

    /** The partner's brand; 404 while it has none (the console shows Finrelay's own). */
    @GetMapping("/v1/partners/{partnerId}/brand")
    public BrandView brand(@PathVariable UUID partnerId) {
        PartnerId partner = access.partner(partnerId, Action.READ_TENANT);
        return brands.find(partner).map(BrandView::of).orElseThrow(() -> ApiProblem.notFound("brand of partner " + partnerId));
    }

    /**
     * Sets the partner's brand: its name, a colour the header's white text stays readable on (WCAG AA), and
     * the host names it serves (each served by one partner at most: 409 for a host another one has).
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The brand as set",
            useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @PutMapping("/v1/partners/{partnerId}/brand")
    public BrandView setBrand(@PathVariable UUID partnerId, @RequestBody BrandRequest body, HttpServletRequest request) {
        PartnerId partner = access.partner(partnerId, Action.MANAGE_TENANTS);
        validation.check(body);
        double contrast = contrastWithWhite(body.primaryColour());
        if (contrast < 4.5) {
            throw ApiProblem.invalid("primaryColour", body.primaryColour(), String.format(Locale.ROOT,
                    "white text on it has a contrast of %.2f:1; WCAG AA needs 4.5:1, so choose a darker colour", contrast));
        }
        List<String> hosts = List.copyOf(new LinkedHashSet<>(body.hosts()));
        boolean logo = brands.find(partner).map(PartnerBrands.Brand::hasLogo).orElse(false);
        PartnerBrands.Brand brand = new PartnerBrands.Brand(partner, body.name().strip(),
                body.primaryColour().toLowerCase(Locale.ROOT), hosts, logo);
        PartnerBrands.Brand set = brands.put(brand, clock.instant()).orElseThrow(() ->
                ApiProblem.conflict("host-taken", "one of " + hosts + " is served by another partner"));
        // Partner-level changes are audited under the partner's id, as its logins are.
        audit.record(new AuditRecord(new TenantId(partner.value()), null, Correlation.of(request), clock.instant(),
                access.principal().actor(), "partner.brand.changed", Map.of("name", set.name(), "primaryColour",
                set.primaryColour(), "hosts", set.hosts())));
        return BrandView.of(set);
    }

    /**
     * Sets the partner's logo, shown in its console's header: a PNG of at most 64 KiB and 512 x 512 pixels,
     * read as an image before it is kept (anything else is a 400 saying what is wrong). PNG only: an SVG can
     * carry scripts. The brand must be set first (409).
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The brand with its logo",
            useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "415", ref = "#/components/responses/UnsupportedMediaType")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the logo as a PNG",
            content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "image/png",
                    schema = @Schema(type = "string", format = "binary")))
    @PutMapping("/v1/partners/{partnerId}/brand/logo")
    public BrandView setLogo(@PathVariable UUID partnerId, HttpServletRequest request) throws java.io.IOException {
        PartnerId partner = access.partner(partnerId, Action.MANAGE_TENANTS);
        if (request.getContentType() == null || !request.getContentType().toLowerCase(Locale.ROOT).startsWith("image/png")) {
            throw new ApiProblem(org.springframework.http.HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Unsupported media type", "a logo is sent as image/png");
        }
        // Held to the logo's limit by the edge (PartnerLogoRoute) before it is read.
        byte[] png = request.getInputStream().readAllBytes();
        if (png.length > MAX_LOGO_BYTES) {
            throw ApiProblem.invalid("body", png.length + " bytes", "a logo is at most " + MAX_LOGO_BYTES + " bytes");
        }
        java.awt.image.BufferedImage image;
        try {
            image = png.length < 8 || png[0] != (byte) 0x89 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G' ? null
                    : javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        } catch (java.io.IOException | RuntimeException e) {
            image = null;
        }
        if (image == null) {
            throw ApiProblem.invalid("body", null, "is not a PNG image");
        }
        if (image.getWidth() > MAX_LOGO_SIDE || image.getHeight() > MAX_LOGO_SIDE) {
            throw ApiProblem.invalid("body", image.getWidth() + " x " + image.getHeight(),
                    "a logo is at most " + MAX_LOGO_SIDE + " x " + MAX_LOGO_SIDE + " pixels");
        }
        if (!brands.putLogo(partner, png)) {
            throw ApiProblem.conflict("no-brand", "set the partner's brand (PUT .../brand) before its logo");
        }
        audit.record(new AuditRecord(new TenantId(partner.value()), null, Correlation.of(request), clock.instant(),
                access.principal().actor(), "partner.logo.changed", Map.of("bytes", png.length, "width", image.getWidth(),
                "height", image.getHeight())));
        return brands.find(partner).map(BrandView::of).orElseThrow();
    }

    /** The WCAG 2.x contrast ratio of white on {@code #RRGGBB}. */
    static double contrastWithWhite(String hex) {
        double l = 0;
        double[] weights = {0.2126, 0.7152, 0.0722};
        for (int i = 0; i < 3; i++) {
            double c = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            l += weights[i] * (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
        return 1.05 / (l + 0.05);
    }
}
