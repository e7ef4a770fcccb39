package io.finrelay.formats.iso20022.camt;

import io.finrelay.formats.xml.XmlCursor;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.BankStatementLine.Direction;
import java.util.Currency;

/** One TxDtls: references, amounts, parties, remittance. */
final class CamtTransaction {
    private String endToEndId;
    private String bankReference;
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
    private String creditorReference;
    private StringBuilder remittance;
    private String info;
    private String returnReason;
    private String returnCode;
    private String returnText;
    private boolean returned;
    private String instructionId;
    private String transactionId;
    private String mandateId;
    private String ultimateDebtor;
    private String ultimateCreditor;

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
                case "RtrInf" -> tx.returnInfo(x);
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
                case "TxId" -> transactionId = notProvided(x.text());
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
                case "Cdtr" -> creditorName = CamtParts.partyName(x);
                case "CdtrAcct" -> creditorAccount = CamtParts.cashAccount(x);
                case "UltmtDbtr" -> ultimateDebtor = CamtParts.partyName(x);
                case "UltmtCdtr" -> ultimateCreditor = CamtParts.partyName(x);
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

    /** camt RtrInf: the ISO reason ({@code Rsn/Cd}, or a proprietary one) and the bank's words. */
    private void returnInfo(XmlCursor x) {
        String code = null;
        StringBuilder more = new StringBuilder();
        while (x.nextChild()) {
            switch (x.name()) {
                case "Rsn" -> code = x.deepText();
                case "AddtlInf" -> more.append(' ').append(x.text());
                default -> x.skip();
            }
        }
        returned = true;
        returnCode = code == null || code.isBlank() ? null : code.strip();
        returnText = more.isEmpty() ? null : more.toString().strip();
        returnReason = code == null ? null : "return reason " + code + more;
    }

    /**
     * The payment this transaction returns, when the bank says it is a return: the ISO reason and
     * the bank's words, the original end-to-end id (a return carries it in its references) and the
     * original instruction. Null for every other transaction.
     */
    BankStatementLine.ReturnDetails returnDetails() {
        if (!returned || (returnCode == null && returnText == null)) {
            return null;
        }
        return new BankStatementLine.ReturnDetails(returnCode, returnText, endToEndId,
                instructionId != null ? instructionId : transactionId);
    }

    String instructionId() {
        return instructionId;
    }

    String mandateId() {
        return mandateId;
    }

    /** The ultimate party on the counterparty's side: the ultimate debtor of money in, the ultimate creditor of money out. */
    String ultimateCounterparty(boolean paidToUs) {
        return paidToUs ? ultimateDebtor : ultimateCreditor;
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
        if (returnReason == null) {
            return info;
        }
        return info == null ? returnReason : info + "; " + returnReason;
    }
}
