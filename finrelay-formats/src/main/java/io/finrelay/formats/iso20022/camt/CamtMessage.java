package io.finrelay.formats.iso20022.camt;

import io.finrelay.model.bank.BankStatement;

/**
 * The three bank-to-customer cash management messages. They share one entry structure (Ntry,
 * NtryDtls, TxDtls), which is why one reader serves all of them and all their versions.
 */
public enum CamtMessage {
    CAMT_052("camt.052", "BkToCstmrAcctRpt", "Rpt", BankStatement.Kind.INTRADAY_REPORT),
    CAMT_053("camt.053", "BkToCstmrStmt", "Stmt", BankStatement.Kind.STATEMENT),
    CAMT_054("camt.054", "BkToCstmrDbtCdtNtfctn", "Ntfctn", BankStatement.Kind.NOTIFICATION);

    /** Versions read and tested: .02 (2009 set), .04 (Swiss/SIX era) and .08 (2019 set, CBPR+). .03 to .07 share the structure. */
    static final int OLDEST_VERSION = 2;
    static final int NEWEST_VERSION = 8;

    private final String id;
    private final String rootElement;
    private final String statementElement;
    private final BankStatement.Kind kind;

    CamtMessage(String id, String rootElement, String statementElement, BankStatement.Kind kind) {
        this.id = id;
        this.rootElement = rootElement;
        this.statementElement = statementElement;
        this.kind = kind;
    }

    public String id() {
        return id;
    }

    String rootElement() {
        return rootElement;
    }

    String statementElement() {
        return statementElement;
    }

    BankStatement.Kind kind() {
        return kind;
    }

    /** The message for a namespace such as {@code urn:iso:std:iso:20022:tech:xsd:camt.053.001.08}, or null. */
    static CamtMessage ofNamespace(String namespace) {
        for (CamtMessage message : values()) {
            if (namespace.startsWith("urn:iso:std:iso:20022:tech:xsd:" + message.id + ".001.")) {
                return message;
            }
        }
        return null;
    }
}
