package io.finrelay.server.console;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's static files, and nothing else: Spring's default mappings are off (an unknown path is a
 * problem+json 404), so the console's own stylesheet and script and the ECharts WebJar are served here.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleResources implements WebMvcConfigurer {
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/ui/assets/**").addResourceLocations("classpath:/static/ui/assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofHours(1)));
        // A versioned path: the file under it never changes.
        registry.addResourceHandler("/webjars/echarts/**").addResourceLocations("classpath:/META-INF/resources/webjars/echarts/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).immutable());
    }
}
