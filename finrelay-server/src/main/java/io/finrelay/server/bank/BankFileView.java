package io.finrelay.server.bank;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A received bank file as the API shows it. {@code credits} and {@code debits} are the booked totals
 * per currency code, written as decimal strings (never a double); {@code problems} names the file and
 * line of a rejection, or the control figures that did not add up; {@code unregisteredAccounts} are
 * statement accounts of an imported file that are not house bank accounts of the tenant (their lines
 * are kept but not reconciled, and an exception {@code unregistered-bank-account} is open for each).
 */
public record BankFileView(UUID id, String connection, String name, String sha256, long sizeBytes, String format,
                           String status, String messageId, int statements, long lines, Map<String, BigDecimal> credits,
                           Map<String, BigDecimal> debits, List<String> problems, Instant receivedAt,
                           List<String> unregisteredAccounts) {}
