package io.finrelay.model.expense;

import io.finrelay.model.Check;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.CostCenterCode;
import io.finrelay.model.id.ProjectCode;
import io.finrelay.model.id.TaxCodeKey;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One receipt on an expense report: when, where, what it is (the expense GL account), who carries
 * it (cost center, optionally a project), the gross amount paid (tax included, greater than zero),
 * the tax code, and the SHA-256 of the receipt image when one was attached.
 */
public record ExpenseLine(LocalDate date, String merchant, AccountCode account, CostCenterCode costCenter,
        Optional<ProjectCode> project, Money grossAmount, TaxCodeKey taxCode, Optional<String> receiptHash) {
    /** Lower-case hex SHA-256. */
    public static final String RECEIPT_HASH_PATTERN = "[0-9a-f]{64}";
    private static final Pattern HASH = Pattern.compile(RECEIPT_HASH_PATTERN);

    public ExpenseLine {
        Check.required("date", date);
        Check.text("merchant", merchant, 140);
        Check.required("account", account);
        Check.required("costCenter", costCenter);
        Check.required("project", project);
        Check.positive("grossAmount", grossAmount);
        Check.required("taxCode", taxCode);
        Check.required("receiptHash", receiptHash);
        receiptHash.ifPresent(hash -> {
            if (!HASH.matcher(hash).matches()) {
                throw new ValidationException("receiptHash", hash, "must be a SHA-256 in lower-case hex (64 characters)");
            }
        });
    }
}
