package io.finrelay.server.console;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The brand's colour as a stylesheet of its own ({@code --brand}), so that pages carry no inline style
 * and the Content-Security-Policy stays strict. The colour was checked when the partner set it
 * ({@code #RRGGBB}, readable under white text), so nothing but a colour is ever written here.
 */
@Controller
public class BrandStyle {
    private final ConsolePages pages;
    private final io.finrelay.server.tenancy.PartnerBrands brands;

    public BrandStyle(ConsolePages pages, io.finrelay.server.tenancy.PartnerBrands brands) {
        this.pages = pages;
        this.brands = brands;
    }

    /** The logo of the partner serving this host (a PNG checked when it was set); 404 without one. */
    @GetMapping(path = "/ui/brand/logo.png", produces = "image/png")
    public ResponseEntity<byte[]> logo(HttpServletRequest request) {
        return brands.logoForHost(request.getServerName())
                .map(png -> ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(1))).body(png))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @GetMapping(path = "/ui/brand.css", produces = "text/css")
    public ResponseEntity<String> css(HttpServletRequest request) {
        String colour = pages.brand(request).primaryColour();
        if (!colour.matches("#[0-9a-fA-F]{6}")) {
            colour = ConsolePages.FINRELAY.primaryColour();
        }
        return ResponseEntity.ok().contentType(MediaType.valueOf("text/css"))
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)))
                .body(":root { --brand: " + colour + "; }\n");
    }
}
