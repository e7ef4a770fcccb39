package io.finrelay.formats.iso20022.camt;

import io.finrelay.formats.xml.XmlCursor;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine.Direction;
import java.util.Currency;

/** One TxDtls: references, amounts, parties, remittance. */
final class CamtTransaction {
    private String endToEndId;
    private String bankReference;
    private String instructionId;
    private String paymentInformationId;
    private String mandateId;
    private Money amount;
    private Money transactionAmount;
    private Money instructedAmount;
    private Direction direction;
    private String bankTransactionCode;
    private String debtorName;
    private String debtorAccount;
    private String debtorBic;
    private String creditorName;
    private String creditorAccount;
    private String creditorBic;
    private String creditorId;
    private String ultimateDebtorName;
    private String ultimateCreditorName;
    private String creditorReference;
    private StringBuilder remittance;
    private String info;
    private ReturnInfo returnInfo;

    /** RtrInf: the reason code (Rsn/Cd) and the bank's words (Rsn/Prtry, AddtlInf). */
    record ReturnInfo(String code, String text) {
    }

    static CamtTransaction read(XmlCursor x) {
        CamtTransaction tx = new CamtTransaction();
        while (x.nextChild()) {
            switch (x.name()) {
                case "Refs" -> tx.references(x);
                case "Amt" -> tx.amount = amount(x);
                case "CdtDbtInd" -> tx.direction = CamtEntry.direction(x, x.text());
                case "AmtDtls" -> tx.amountDetails(x);
                case "BkTxCd" -> tx.bankTransactionCode = CamtParts.bankTransactionCode(x);
                case "RltdPties" -> tx.parties(x);
                case "RltdAgts" -> tx.agents(x);
                case "RmtInf" -> tx.remittance(x);
                case "RtrInf" -> tx.returnInfo = returnInfo(x);
                case "AddtlTxInf" -> tx.info = x.text();
                default -> x.skip();
            }
        }
        return tx;
    }

    private static Money amount(XmlCursor x) {
        return CamtReader.money(x);
    }

    /** AmtDtls of an entry: the instructed amount (what the payer ordered, maybe in another currency). */
    static Money instructedAmount(XmlCursor x) {
        CamtTransaction holder = new CamtTransaction();
        holder.amountDetails(x);
        return holder.instructedAmount;
    }

    private void amountDetails(XmlCursor x) {
        while (x.nextChild()) {
            switch (x.name()) {
                case "InstdAmt" -> instructedAmount = innerAmount(x);
                case "TxAmt" -> transactionAmount = innerAmount(x);
                default -> x.skip();
            }
        }
    }

    private static Money innerAmount(XmlCursor x) {
        Money found = null;
        while (x.nextChild()) {
            if ("Amt".equals(x.name())) {
                found = amount(x);
            } else {
                x.skip();
            }
        }
        return found;
    }

    private void references(XmlCursor x) {
        while (x.nextChild()) {
            switch (x.name()) {
                case "EndToEndId" -> endToEndId = notProvided(x.text());
                case "AcctSvcrRef" -> bankReference = x.text();
                case "InstrId" -> instructionId = notProvided(x.text());
                case "PmtInfId" -> paymentInformationId = notProvided(x.text());
                case "MndtId" -> mandateId = notProvided(x.text());
                default -> x.skip();
            }
        }
    }

    private void parties(XmlCursor x) {
        while (x.nextChild()) {
            switch (x.name()) {
                case "Dbtr" -> debtorName = CamtParts.partyName(x);
                case "DbtrAcct" -> debtorAccount = CamtParts.cashAccount(x);
                case "UltmtDbtr" -> ultimateDebtorName = CamtParts.partyName(x);
                case "Cdtr" -> {
                    CamtParts.Party creditor = CamtParts.party(x);
                    creditorName = creditor.name();
                    creditorId = creditor.sepaCreditorId();
                }
                case "CdtrAcct" -> creditorAccount = CamtParts.cashAccount(x);
                case "UltmtCdtr" -> ultimateCreditorName = CamtParts.partyName(x);
                default -> x.skip();
            }
        }
    }

    private void agents(XmlCursor x) {
        while (x.nextChild()) {
            switch (x.name()) {
                case "DbtrAgt" -> debtorBic = CamtParts.agentBic(x);
                case "CdtrAgt" -> creditorBic = CamtParts.agentBic(x);
                default -> x.skip();
            }
        }
    }

    private void remittance(XmlCursor x) {
        while (x.nextChild()) {
            switch (x.name()) {
                case "Ustrd" -> {
                    String text = x.text();
                    if (remittance == null) {
                        remittance = new StringBuilder(text);
                    } else {
                        remittance.append(' ').append(text);
                    }
                }
                case "Strd" -> structured(x);
                default -> x.skip();
            }
        }
    }

    private void structured(XmlCursor x) {
        while (x.nextChild()) {
            if ("CdtrRefInf".equals(x.name())) {
                while (x.nextChild()) {
                    if ("Ref".equals(x.name())) {
                        creditorReference = x.text();
                    } else {
                        x.skip();
                    }
                }
            } else {
                x.skip();
            }
        }
    }

    private static ReturnInfo returnInfo(XmlCursor x) {
        String code = null;
        StringBuilder text = new StringBuilder();
        while (x.nextChild()) {
            switch (x.name()) {
                case "Rsn" -> {
                    while (x.nextChild()) {
                        switch (x.name()) {
                            case "Cd" -> code = x.text();
                            case "Prtry" -> append(text, x.text());
                            default -> x.skip();
                        }
                    }
                }
                case "AddtlInf" -> append(text, x.text());
                default -> x.skip();
            }
        }
        return new ReturnInfo(code, text.isEmpty() ? null : text.toString());
    }

    private static void append(StringBuilder text, String more) {
        if (more == null || more.isBlank()) {
            return;
        }
        if (!text.isEmpty()) {
            text.append(' ');
        }
        text.append(more.strip());
    }

    /** SEPA fills absent references with NOTPROVIDED; canonically that is no reference. */
    private static String notProvided(String text) {
        return "NOTPROVIDED".equals(text) ? null : text;
    }

    /** The amount of this transaction in the entry's currency, or null if it names none. */
    Money amountIn(Currency currency) {
        if (amount != null && amount.currency().equals(currency)) {
            return amount;
        }
        if (transactionAmount != null && transactionAmount.currency().equals(currency)) {
            return transactionAmount;
        }
        return null;
    }

    Money amount() {
        return amount;
    }

    Money instructedAmount() {
        return instructedAmount;
    }

    Direction direction() {
        return direction;
    }

    String endToEndId() {
        return endToEndId;
    }

    String bankReference() {
        return bankReference;
    }

    String bankTransactionCode() {
        return bankTransactionCode;
    }

    String debtorName() {
        return debtorName;
    }

    String debtorAccount() {
        return debtorAccount;
    }

    String debtorBic() {
        return debtorBic;
    }

    String creditorName() {
        return creditorName;
    }

    String creditorAccount() {
        return creditorAccount;
    }

    String creditorBic() {
        return creditorBic;
    }

    String creditorReference() {
        return creditorReference;
    }

    String remittanceText() {
        return remittance == null ? null : remittance.toString();
    }

    String info() {
        return info;
    }

    String instructionId() {
        return instructionId;
    }

    String paymentInformationId() {
        return paymentInformationId;
    }

    String mandateId() {
        return mandateId;
    }

    String creditorId() {
        return creditorId;
    }

    String ultimateDebtorName() {
        return ultimateDebtorName;
    }

    String ultimateCreditorName() {
        return ultimateCreditorName;
    }

    /** RtrInf as the bank sent it, or null when the transaction has none. */
    ReturnInfo returnInfo() {
        return returnInfo;
    }
}
