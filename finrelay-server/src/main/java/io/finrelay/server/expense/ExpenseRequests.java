package io.finrelay.server.expense;

import io.finrelay.server.web.ApiProblem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The expense API's request bodies, with their Bean Validation constraints, checked by {@link #valid}
 * after the access check: a failing field is a 400 problem naming it. Bodies that are other systems' documents (a Concur report,
 * a signed webhook) are read by their own parsers instead.
 */
final class ExpenseRequests {
    private ExpenseRequests() {}

    /**
     * The body if it meets its constraints, else a 400 problem naming every failing field. Called after
     * the access check, so a caller who may not call the endpoint learns nothing about its body.
     */
    static <T> T valid(Validator validator, T body) {
        if (body == null) {
            throw ApiProblem.invalid("body", null, "is required");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw ApiProblem.invalid(violations.stream().map(v -> new ApiProblem.FieldError(v.getPropertyPath().toString(),
                            v.getInvalidValue() == null ? null : String.valueOf(v.getInvalidValue()), v.getMessage()))
                    .sorted(Comparator.comparing(ApiProblem.FieldError::field)).toList());
        }
        return body;
    }

    /** Polling the expense platform's report list: on or off, and how often (10 s to a day; 5 minutes when left out). */
    record PollingBody(@NotNull(message = "is required") Boolean enabled,
                       @Min(value = 10, message = "must be at least 10 seconds")
                       @Max(value = 86_400, message = "must be at most 86400 (a day)") Integer everySeconds) {
        int everySecondsOrDefault() {
            return everySeconds == null ? 300 : everySeconds;
        }
    }

    /** The tenant's peers; a URL left out is not configured. */
    record ExpenseSettingsBody(String expensePlatformUrl, String erpUrl, String treasuryUrl,
                    @Positive(message = "must be greater than zero")
                    @Max(value = 120_000, message = "must be at most 120000 (two minutes)") Integer timeoutMillis) {
        int timeoutOrDefault() {
            return timeoutMillis == null ? 10_000 : timeoutMillis;
        }
    }

    /**
     * A legal entity's expense posting accounts and four-eyes threshold. {@code cardClearingAccount} takes the
     * lines an employee paid with a company-billed corporate card (absent: the card liability account of the
     * tenant's card settings).
     */
    record ExpensePolicyBody(@NotBlank(message = "is required") String payableAccount,
                  @NotBlank(message = "is required") String inputTaxAccount,
                  @NotNull(message = "is required") @PositiveOrZero(message = "must not be negative") BigDecimal fourEyesThreshold,
                  @io.swagger.v3.oas.annotations.media.Schema(description = "GL account credited with the lines paid by "
                          + "company card: the corporate card clearing or liability account (absent: the card settings' "
                          + "liabilityAccount)", example = "\"1741\"")
                  @Pattern(regexp = io.finrelay.model.id.AccountCode.PATTERN, message = "is no account code (e.g. 1741)")
                  String cardClearingAccount) {}

    /** 1 {@code base} = {@code rate} {@code quote} on {@code rateDate}, as published by {@code source}. */
    record FxRateBody(@NotNull(message = "is required") @Pattern(regexp = "[A-Z]{3}", message = "is not an ISO 4217 currency") String base,
                @NotNull(message = "is required") @Pattern(regexp = "[A-Z]{3}", message = "is not an ISO 4217 currency") String quote,
                @NotNull(message = "is required") LocalDate rateDate,
                @NotNull(message = "is required") @Positive(message = "must be greater than zero") BigDecimal rate,
                @NotBlank(message = "is required") String source) {
        /** A rate converts one currency into another: EUR/EUR is not a rate. */
        @AssertTrue(message = "must differ from base")
        boolean isQuoteOtherThanBase() {
            return base == null || !base.equals(quote);
        }
    }

    record ExpenseRolesBody(@NotNull(message = "is required") List<@NotBlank(message = "must name a role") String> roles) {}

    record CodeMappingBody(@NotBlank(message = "is required") String target) {}

    /** {@code active} for an employee, {@code open} for a cost center, project or GL account. */
    record MasterDataFlagBody(Boolean active, Boolean open) {}

    /** Who releases: a person who logged in releases as themselves; a machine key names the person. */
    record ReleaseBody(String releaser) {}

    record DuplicateReviewBody(@NotBlank(message = "is required") String reviewer,
                           @NotNull(message = "must be true or false") Boolean genuine, String note) {}
}
