package io.finrelay.server.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * The servlet container's own error answer, for requests it refuses before Spring sees them (an
 * encoded '/' or NUL in the path, a path that climbs above the root, a malformed request line): RFC
 * 9457 problem+json instead of Tomcat's HTML page. Installed as the host's error report valve.
 */
public final class ProblemReportValve extends ErrorReportValve {
    public ProblemReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        String title = status == null ? "Error" : status.getReasonPhrase();
        String type = status == null ? "error" : status.name().toLowerCase(Locale.ROOT).replace('_', '-');
        String detail = code == 400 ? "the request line or path is not acceptable (an encoded '/', '\\\\' or NUL, "
                + "or a path that leaves the root)" : code >= 500
                ? "the request failed unexpectedly" : title;
        String json = "{\"type\":\"" + Problems.TYPE_BASE + type + "\",\"title\":\"" + title + "\",\"status\":" + code
                + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cache-Control", "no-store");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away; nothing more to tell it.
        }
    }
}
