package io.finrelay.server.bank;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.finrelay.engine.runtime.IdGenerator;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.security.Access;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.bind.annotation.RestController;

/** Configuration of the bank channels, the id order files are listed by, and who may use a configured scope. */
class BankPropertiesTest {
    private static final String TENANT = "0190c1a0-0000-7000-8000-000000000001";

    @Test
    void bindsAListOfChannelsWithDefaults() {
        Map<String, String> yml = new LinkedHashMap<>();
        yml.put("finrelay.bank.channels[0].tenant-id", TENANT);
        yml.put("finrelay.bank.channels[0].connection", "house-bank");
        yml.put("finrelay.bank.channels[0].type", "directory");
        yml.put("finrelay.bank.channels[0].path", "/var/finrelay/bank/house-bank");
        yml.put("finrelay.bank.channels[1].tenant-id", TENANT);
        yml.put("finrelay.bank.channels[1].connection", "sftp-bank");
        yml.put("finrelay.bank.channels[1].type", "sftp");
        yml.put("finrelay.bank.channels[1].host", "sftp.bank.example");
        yml.put("finrelay.bank.channels[1].user", "acme");
        yml.put("finrelay.bank.channels[1].secret", "s3cret");
        yml.put("finrelay.bank.channels[1].host-key", hostKeyLine());
        yml.put("finrelay.bank.channels[1].remote-dir", "/acme/");
        yml.put("finrelay.bank.channels[1].poll-interval", "30s");

        BankProperties bank = bind(yml);

        assertThat(bank.channels()).hasSize(2);
        BankProperties.Channel directory = bank.channels().get(0);
        assertThat(directory.type()).isEqualTo(BankProperties.Type.DIRECTORY);
        assertThat(directory.path()).isEqualTo(Path.of("/var/finrelay/bank/house-bank"));
        assertThat(directory.pollInterval()).isEqualTo(Duration.ofMinutes(1));
        BankProperties.Channel sftp = bank.channels().get(1);
        assertThat(sftp.port()).isEqualTo(22);
        assertThat(sftp.pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(sftp.toString()).contains("acme@sftp.bank.example:22").doesNotContain("s3cret");
        var config = BankChannels.sftpConfig(sftp);
        assertThat(config.inbox()).isEqualTo("/acme/inbox");
        assertThat(config.quarantine()).isEqualTo("/acme/quarantine");
        assertThat(config.hostKey()).isNotNull();
    }

    @Test
    void noChannelsByDefault() {
        assertThat(bind(Map.of("finrelay.other", "x")).channels()).isEmpty();
        BankChannels off = new BankChannels(new BankProperties(List.of(), DataSize.ofMegabytes(256)), null, null, Clock.systemUTC(), null);
        off.start();
        assertThat(off.isRunning()).isFalse();
        off.stop();
    }

    @Test
    void refusesIncompleteOrAmbiguousChannels() {
        UUID tenant = UUID.fromString(TENANT);
        assertThatThrownBy(() -> channel(tenant, "house-bank", BankProperties.Type.DIRECTORY, null, null))
                .hasMessageContaining("a directory channel needs a path");
        assertThatThrownBy(() -> channel(tenant, "sftp-bank", BankProperties.Type.SFTP, null, null))
                .hasMessageContaining("needs host, user, secret and host-key");
        assertThatThrownBy(() -> channel(tenant, "House Bank", BankProperties.Type.DIRECTORY, Path.of("x"), null))
                .hasMessageContaining("connection must be");
        var one = channel(tenant, "house-bank", BankProperties.Type.DIRECTORY, Path.of("a"), null);
        var same = channel(tenant, "house-bank", BankProperties.Type.DIRECTORY, Path.of("b"), null);
        assertThatThrownBy(() -> new BankProperties(List.of(one, same), DataSize.ofMegabytes(256))).hasMessageContaining("must be unique");
        var badKey = channel(tenant, "sftp-bank", BankProperties.Type.SFTP, null, "ssh-ed25519 not-base64!");
        assertThatThrownBy(() -> BankChannels.hostKey(badKey)).hasMessageContaining("host-key is not an OpenSSH public key");
    }

    @Test
    void idsOfOneLedgerNeverGoBackwardsWithinAMillisecond() {
        Clock frozen = Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC);
        MonotonicIds ids = new MonotonicIds(IdGenerator.timeOrdered(frozen));
        UUID previous = ids.next();
        for (int i = 0; i < 10_000; i++) {
            UUID next = ids.next();
            assertThat(MonotonicIds.compare(next, previous)).isPositive();
            assertThat(next.version()).isEqualTo(7);
            assertThat(next.variant()).isEqualTo(2);
            previous = next;
        }
    }

    @Test
    void noEndpointUsesTheScopeMeantForConfiguredWork() {
        noClasses().that().areAnnotatedWith(RestController.class)
                .should().callMethod(Access.class, "configured", TenantId.class, String.class)
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.finrelay.server"));
    }

    private static BankProperties.Channel channel(UUID tenant, String connection, BankProperties.Type type, Path path,
                                                  String hostKey) {
        return new BankProperties.Channel(tenant, connection, type, path, type == BankProperties.Type.SFTP && hostKey != null
                ? "h" : null, 22, hostKey == null ? null : "u", hostKey == null ? null : "p", hostKey, ".", Duration.ofMinutes(1));
    }

    private static BankProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("finrelay.bank", BankProperties.class);
    }

    private static String hostKeyLine() {
        try {
            return PublicKeyEntry.toString(KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
