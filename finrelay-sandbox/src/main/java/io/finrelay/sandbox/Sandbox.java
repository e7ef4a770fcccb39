package io.finrelay.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulated peers, each on its own port: expense platform (Concur-like), ERP (generic
 * REST), treasury, bank, CRM (Salesforce-like) and a partner's operations tool that takes monitor
 * webhooks. Start it in-process ({@link #start}) for the demo, or as a separate
 * process with {@link SandboxMain} for tests. Peers are reached only over HTTP.
 */
public final class Sandbox implements AutoCloseable {
    private final ExpensePlatformPeer expense;
    private final ErpPeer erp;
    private final TreasuryPeer treasury;
    private final BankPeer bank;
    private final CrmPeer crm;
    private final OpsToolPeer opsTool;

    private Sandbox(Clock clock, int basePort) throws IOException {
        this.expense = new ExpensePlatformPeer(port(basePort, 0), clock);
        this.erp = new ErpPeer(port(basePort, 1), clock);
        this.treasury = new TreasuryPeer(port(basePort, 2), clock);
        this.bank = new BankPeer(port(basePort, 3), clock);
        this.crm = new CrmPeer(port(basePort, 4), clock);
        this.opsTool = new OpsToolPeer(port(basePort, 5), clock);
    }

    private static int port(int base, int offset) {
        return base == 0 ? 0 : base + offset;
    }

    /** Starts the peers on free ports ({@code basePort} 0) or on basePort..basePort+5. */
    public static Sandbox start(Clock clock, int basePort) {
        try {
            Sandbox sandbox = new Sandbox(clock, basePort);
            sandbox.expense.start();
            sandbox.erp.start();
            sandbox.treasury.start();
            sandbox.bank.start();
            sandbox.crm.start();
            sandbox.opsTool.start();
            sandbox.treasury.bankUrl = sandbox.bank.url();
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox peers could not start", e);
        }
    }

    /** The base URL of each peer, by name: expense-platform, erp, treasury, bank, crm, ops-tool. */
    public Map<String, String> urls() {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("expense-platform", expense.url());
        urls.put("erp", erp.url());
        urls.put("treasury", treasury.url());
        urls.put("bank", bank.url());
        urls.put("crm", crm.url());
        urls.put("ops-tool", opsTool.url());
        return urls;
    }

    /**
     * Batches of the expense platform's webhooks still being delivered. For an in-process driver (the
     * benchmark) that paces itself without asking anything of Finrelay's database or API: asked over HTTP
     * or SQL every few milliseconds, the pacing itself was most of what the benchmark measured.
     */
    public int expenseWebhooksPending() {
        return expense.webhooks.pending();
    }

    @Override
    public void close() {
        expense.close();
        erp.close();
        treasury.close();
        bank.close();
        crm.close();
        opsTool.close();
    }
}
