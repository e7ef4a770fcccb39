package io.finrelay.workflows.port;

import java.util.Objects;

/** An ERP call failed; {@link #error()} says how (and so what to do next). */
public final class ErpException extends RuntimeException {
    private final transient ErpError error;

    public ErpException(ErpError error) {
        super(Objects.requireNonNull(error, "error").message());
        this.error = error;
    }

    public ErpException(ErpError error, Throwable cause) {
        super(Objects.requireNonNull(error, "error").message(), cause);
        this.error = error;
    }

    public ErpError error() {
        return error;
    }
}
