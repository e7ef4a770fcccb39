package io.finrelay.formats.iso20022.camt;

import io.finrelay.formats.LineSignals;
import io.finrelay.formats.xml.XmlCursor;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankBalance;
import java.time.LocalDate;

/** Readers of the small building blocks camt messages share. Each consumes the element it starts on. */
final class CamtParts {
    private CamtParts() {
    }

    static BankBalance balance(XmlCursor x) {
        String code = null;
        Money amount = null;
        String indicator = null;
        LocalDate date = null;
        while (x.nextChild()) {
            switch (x.name()) {
                case "Tp" -> code = x.deepText();
                case "Amt" -> amount = CamtReader.money(x);
                case "CdtDbtInd" -> indicator = x.text();
                case "Dt" -> date = dateChoice(x);
                default -> x.skip();
            }
        }
        if (code == null || amount == null || date == null) {
            throw x.error("a balance needs Tp, Amt and Dt");
        }
        boolean debit = "DBIT".equals(indicator);
        if (!debit && !"CRDT".equals(indicator)) {
            throw x.error("balance CdtDbtInd '" + indicator + "' is neither CRDT nor DBIT");
        }
        // Tp may hold a code and a sub-type (e.g. OPBD plus INTM); the code is the first four letters.
        String mainCode = code.length() >= 4 ? code.substring(0, 4) : code;
        return new BankBalance(balanceType(mainCode), mainCode, date, debit ? amount.negate() : amount);
    }

    static BankBalance.Type balanceType(String code) {
        return switch (code) {
            case "OPBD" -> BankBalance.Type.OPENING_BOOKED;
            case "PRCD" -> BankBalance.Type.INTERIM_OPENING_BOOKED;
            case "CLBD" -> BankBalance.Type.CLOSING_BOOKED;
            case "ITBD" -> BankBalance.Type.INTERIM_CLOSING_BOOKED;
            case "OPAV" -> BankBalance.Type.OPENING_AVAILABLE;
            case "CLAV" -> BankBalance.Type.CLOSING_AVAILABLE;
            case "FWAV" -> BankBalance.Type.FORWARD_AVAILABLE;
            case "ITAV" -> BankBalance.Type.INTERIM_AVAILABLE;
            default -> BankBalance.Type.OTHER;
        };
    }

    /** A DateAndDateTimeChoice: {@code <Dt>} or {@code <DtTm>} inside the current element. */
    static LocalDate dateChoice(XmlCursor x) {
        LocalDate date = null;
        while (x.nextChild()) {
            switch (x.name()) {
                case "Dt", "DtTm" -> date = x.date(x.text());
                default -> x.skip();
            }
        }
        if (date == null) {
            throw x.error("date without Dt or DtTm");
        }
        return date;
    }

    /** An account Id: the IBAN, or Othr/Id for accounts without one. */
    static String accountId(XmlCursor x) {
        String id = null;
        while (x.nextChild()) {
            switch (x.name()) {
                case "IBAN" -> id = x.text();
                case "Othr" -> {
                    while (x.nextChild()) {
                        if ("Id".equals(x.name())) {
                            String other = x.text();
                            id = id == null ? other : id;
                        } else {
                            x.skip();
                        }
                    }
                }
                default -> x.skip();
            }
        }
        return id;
    }

    /** A cash account (DbtrAcct, CdtrAcct): its Id. */
    static String cashAccount(XmlCursor x) {
        String id = null;
        while (x.nextChild()) {
            if ("Id".equals(x.name())) {
                id = accountId(x);
            } else {
                x.skip();
            }
        }
        return id;
    }

    /** An agent (Svcr, DbtrAgt): FinInstnId/BIC (2009 set) or BICFI (2019 set). */
    static String agentBic(XmlCursor x) {
        String bic = null;
        while (x.nextChild()) {
            if ("FinInstnId".equals(x.name())) {
                while (x.nextChild()) {
                    switch (x.name()) {
                        case "BIC", "BICFI" -> bic = x.text();
                        default -> x.skip();
                    }
                }
            } else {
                x.skip();
            }
        }
        return bic;
    }

    /** A party (Dbtr, Cdtr): Nm directly (2009 set) or Pty/Nm (2019 set). */
    static String partyName(XmlCursor x) {
        String name = null;
        while (x.nextChild()) {
            switch (x.name()) {
                case "Nm" -> name = x.text();
                case "Pty" -> name = partyName(x);
                default -> x.skip();
            }
        }
        return name;
    }

    /** A party's name and, for a creditor, its SEPA creditor identifier. */
    record Party(String name, String sepaCreditorId) {
    }

    /**
     * A party with its identification (Cdtr): the name as {@link #partyName} reads it, and the SEPA
     * creditor identifier from Id/PrvtId/Othr (or OrgId/Othr) whose scheme is {@code SEPA}
     * (SchmeNm/Prtry, as the DK and EPC guides write it), or, where a bank leaves the scheme out, an
     * Id that passes the creditor identifier's check digits. Ids of other schemes (a tax number, a
     * customer number) are not creditor identifiers.
     */
    static Party party(XmlCursor x) {
        String name = null;
        String creditorId = null;
        while (x.nextChild()) {
            switch (x.name()) {
                case "Nm" -> name = x.text();
                case "Pty" -> {
                    Party inner = party(x);
                    name = inner.name();
                    creditorId = inner.sepaCreditorId();
                }
                case "Id" -> creditorId = creditorIdIn(x);
                default -> x.skip();
            }
        }
        return new Party(name, creditorId);
    }

    private static String creditorIdIn(XmlCursor x) {
        String found = null;
        while (x.nextChild()) {
            if ("PrvtId".equals(x.name()) || "OrgId".equals(x.name())) {
                while (x.nextChild()) {
                    if ("Othr".equals(x.name())) {
                        String id = sepaOther(x);
                        found = found == null ? id : found;
                    } else {
                        x.skip();
                    }
                }
            } else {
                x.skip();
            }
        }
        return found;
    }

    private static String sepaOther(XmlCursor x) {
        String id = null;
        String scheme = null;
        boolean schemeGiven = false;
        while (x.nextChild()) {
            switch (x.name()) {
                case "Id" -> id = x.text();
                case "SchmeNm" -> {
                    schemeGiven = true;
                    scheme = x.deepText();
                }
                default -> x.skip();
            }
        }
        if (id == null || id.isEmpty()) {
            return null;
        }
        if (schemeGiven) {
            return "SEPA".equalsIgnoreCase(scheme) ? id : null;
        }
        return LineSignals.isSepaCreditorId(id) ? id : null;
    }

    /**
     * A bank transaction code: the ISO domain/family/sub-family as {@code PMNT/RCDT/ESCT}, else the
     * proprietary code (with its issuer when given: {@code NTRF+166}).
     */
    static String bankTransactionCode(XmlCursor x) {
        String domain = null;
        String family = null;
        String subFamily = null;
        String proprietary = null;
        while (x.nextChild()) {
            switch (x.name()) {
                case "Domn" -> {
                    while (x.nextChild()) {
                        switch (x.name()) {
                            case "Cd" -> domain = x.text();
                            case "Fmly" -> {
                                while (x.nextChild()) {
                                    switch (x.name()) {
                                        case "Cd" -> family = x.text();
                                        case "SubFmlyCd" -> subFamily = x.text();
                                        default -> x.skip();
                                    }
                                }
                            }
                            default -> x.skip();
                        }
                    }
                }
                case "Prtry" -> {
                    while (x.nextChild()) {
                        if ("Cd".equals(x.name())) {
                            proprietary = x.text();
                        } else {
                            x.skip();
                        }
                    }
                }
                default -> x.skip();
            }
        }
        if (domain != null && !domain.isEmpty()) {
            return domain + "/" + (family == null ? "" : family) + "/" + (subFamily == null ? "" : subFamily);
        }
        return proprietary;
    }
}
