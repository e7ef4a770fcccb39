package io.finrelay.workflows.port;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The bank file the ERP generated for a group of payments (Tryton: a SEPA pain.001), exactly as the
 * ERP produced it.
 */
public record PaymentFile(String groupRef, String groupNumber, List<String> paymentRefs, String fileName,
                          String format, byte[] content) {
    public PaymentFile {
        Objects.requireNonNull(groupRef, "groupRef");
        Objects.requireNonNull(groupNumber, "groupNumber");
        paymentRefs = List.copyOf(paymentRefs);
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(format, "format");
        content = Objects.requireNonNull(content, "content").clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PaymentFile f && groupRef.equals(f.groupRef) && groupNumber.equals(f.groupNumber)
                && paymentRefs.equals(f.paymentRefs) && fileName.equals(f.fileName) && format.equals(f.format)
                && Arrays.equals(content, f.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupRef, groupNumber, paymentRefs, fileName, format, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "PaymentFile[" + groupNumber + ", " + fileName + ", " + format + ", " + content.length + " bytes]";
    }
}
