package io.finrelay.reconciliation;

import io.finrelay.model.Money;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * A tenant's reconciliation settings.
 *
 * @param autoThreshold a match is AUTO only with a score at least this (in [0,1]) ...
 * @param margin        ... and at least this far above the runner-up for the same line or item
 * @param feeTolerance  per currency code: how much short a payment may be and still match, the rest booked as a bank fee
 * @param fxTolerance   relative difference allowed for a foreign-currency line (0.02 = 2 %), booked as FX difference
 * @param dateWindowDays how far a line's booking date may lie from the item's due date for a scored candidate
 * @param maxSubsetSize the most items one payment may settle when found by subset sum (1:N without references)
 */
public record Settings(double autoThreshold, double margin, Map<String, Money> feeTolerance, BigDecimal fxTolerance,
                       int dateWindowDays, int maxSubsetSize) {
    public Settings {
        if (!(autoThreshold > 0 && autoThreshold <= 1)) {
            throw new IllegalArgumentException("autoThreshold lies in (0,1], not " + autoThreshold);
        }
        if (!(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("margin lies in [0,1), not " + margin);
        }
        feeTolerance = Map.copyOf(Objects.requireNonNull(feeTolerance, "feeTolerance"));
        Objects.requireNonNull(fxTolerance, "fxTolerance");
        if (dateWindowDays < 0 || maxSubsetSize < 1) {
            throw new IllegalArgumentException("dateWindowDays >= 0 and maxSubsetSize >= 1");
        }
    }

    /** Defaults a treasury team would start from. */
    public static Settings defaults() {
        return new Settings(0.9, 0.1, Map.of(), new BigDecimal("0.02"), 30, 4);
    }
}
