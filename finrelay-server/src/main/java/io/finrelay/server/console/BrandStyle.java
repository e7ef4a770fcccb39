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

    public BrandStyle(ConsolePages pages) {
        this.pages = pages;
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
