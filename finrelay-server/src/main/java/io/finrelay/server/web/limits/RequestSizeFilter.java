package io.finrelay.server.web.limits;

import io.finrelay.server.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code finrelay.api.max-request-bytes} with 413: at once when the
 * Content-Length says so (the body is not read), and for a body without one (chunked) by counting
 * while it is read, which fails the read with {@link RequestTooLarge} before anything is applied.
 *
 * <p>Written here because neither Tomcat nor Spring MVC limits a non-form body (Tomcat's
 * {@code maxPostSize} covers form posts only); the counting wrapper is a few lines. A
 * {@link LargeBodyRoute} (bank file uploads) is held to its own, larger limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6)
public class RequestSizeFilter extends OncePerRequestFilter {
    private final long defaultMaxBytes;
    private final Problems problems;
    private final List<LargeBodyRoute> largeBodies;

    public RequestSizeFilter(ApiLimits limits, Problems problems, ObjectProvider<LargeBodyRoute> largeBodies) {
        this.defaultMaxBytes = limits.maxRequestBytes().toBytes();
        this.problems = problems;
        this.largeBodies = largeBodies.orderedStream().toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long maxBytes = largeBodies.stream().filter(r -> r.covers(request)).mapToLong(LargeBodyRoute::maxBytes)
                .findFirst().orElse(defaultMaxBytes);
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            problems.write(response, request, RequestTooLarge.problem(maxBytes));
            return;
        }
        // With a Content-Length within the limit the container reads no further than it.
        chain.doFilter(declared >= 0 ? request : new Counted(request, maxBytes), response);
    }

    /** A request whose body stream fails once more than {@code maxBytes} have been read from it. */
    private static final class Counted extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream counted;

        Counted(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new CountingStream(super.getInputStream(), maxBytes);
            }
            return counted;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        CountingStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws RequestTooLarge {
            read += n;
            if (read > maxBytes) {
                throw new RequestTooLarge(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
