package io.finrelay.formats.iso20022.pain001;

/**
 * The two pain.001 versions Finrelay writes. They differ, for a credit transfer, only in the
 * namespace, the agent BIC element and the wrapped execution date, so one writer serves both.
 */
public enum Pain001Version {
    /** 2009 message set: still what most SEPA banks take. */
    V03("pain.001.001.03", "BIC", false),
    /** 2019 message set: CBPR+ and the SEPA 2023 rulebook. */
    V09("pain.001.001.09", "BICFI", true);

    private final String id;
    private final String bicElement;
    private final boolean wrappedExecutionDate;

    Pain001Version(String id, String bicElement, boolean wrappedExecutionDate) {
        this.id = id;
        this.bicElement = bicElement;
        this.wrappedExecutionDate = wrappedExecutionDate;
    }

    public String id() {
        return id;
    }

    public String namespace() {
        return "urn:iso:std:iso:20022:tech:xsd:" + id;
    }

    String bicElement() {
        return bicElement;
    }

    boolean wrappedExecutionDate() {
        return wrappedExecutionDate;
    }

    /** The official XSD shipped in this module's resources. */
    public String schemaResource() {
        return "/io/finrelay/formats/iso20022/xsd/" + id + ".xsd";
    }
}
