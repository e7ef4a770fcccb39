package io.finrelay.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.finrelay.model.bank.IbanMasker;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The console's encoder: plain lines of {@code pattern} ({@link IbanMaskingLayout}), or, when
 * {@code structuredFormat} names one of Spring Boot's structured formats (ecs, logstash, gelf), its JSON
 * lines ({@link StructuredLogEncoder}, which carry the MDC: correlation id, trace id, span id) with every
 * IBAN masked in the finished line as well.
 */
public class MaskingConsoleEncoder extends EncoderBase<ILoggingEvent> {
    private String pattern;
    private String structuredFormat;
    private Charset charset = StandardCharsets.UTF_8;
    private Encoder<ILoggingEvent> delegate;
    private boolean structured;

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setStructuredFormat(String structuredFormat) {
        this.structuredFormat = structuredFormat;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    @Override
    public void start() {
        structured = structuredFormat != null && !structuredFormat.isBlank();
        if (structured) {
            StructuredLogEncoder json = new StructuredLogEncoder();
            json.setContext(getContext());
            json.setFormat(structuredFormat.trim());
            json.setCharset(charset);
            json.start();
            delegate = json;
        } else {
            IbanMaskingLayout layout = new IbanMaskingLayout();
            layout.setContext(getContext());
            layout.setPattern(pattern);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> plain = new LayoutWrappingEncoder<>();
            plain.setContext(getContext());
            plain.setLayout(layout);
            plain.setCharset(charset);
            plain.start();
            delegate = plain;
        }
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] line = delegate.encode(event);
        // the plain layout masks already; a JSON line is masked here, after Spring Boot has written it
        return structured ? IbanMasker.mask(new String(line, charset)).getBytes(charset) : line;
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
