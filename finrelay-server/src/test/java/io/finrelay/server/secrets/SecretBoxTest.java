package io.finrelay.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
    private static final String K1 = "k1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String K2 = "k2=ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    private static final String CONTEXT = "tenant/7d1c/connector/tryton/password";

    private static SecretBox box(String... lines) {
        return new SecretBox(Keyring.parse(List.of(lines), "test"), new SecureRandom());
    }

    @Test
    void aSealedPasswordOpensWithTheSameContextAndNamesItsKey() {
        SecretBox box = box(K1);
        String sealed = box.seal("s3cret-Passw0rd", CONTEXT);
        assertThat(sealed).startsWith("enc:v1:k1:").doesNotContain("s3cret");
        assertThat(box.open(sealed, CONTEXT)).isEqualTo("s3cret-Passw0rd");
        assertThat(box.seal("s3cret-Passw0rd", CONTEXT)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void aValueMovedToAnotherTenantOrAlteredDoesNotOpen() {
        SecretBox box = box(K1);
        String sealed = box.seal("DE89370400440532013000", "tenant/a/iban");
        assertThatThrownBy(() -> box.open(sealed, "tenant/b/iban"))
                .isInstanceOf(SecretBox.SecretException.class).hasMessageContaining("does not open")
                .hasMessageNotContaining("DE89");
        char[] chars = sealed.toCharArray();
        chars[chars.length - 3] = chars[chars.length - 3] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> box.open(new String(chars), "tenant/a/iban")).isInstanceOf(SecretBox.SecretException.class);
    }

    @Test
    void rotationKeepsOldValuesReadableAndResealsThemUnderTheNewKey() {
        String underK1 = box(K1).seal("s3cret", CONTEXT);
        SecretBox rotated = box(K1, K2);
        assertThat(rotated.activeKeyId()).isEqualTo("k2");
        assertThat(rotated.open(underK1, CONTEXT)).isEqualTo("s3cret");
        String resealed = rotated.reseal(underK1, CONTEXT);
        assertThat(SecretBox.keyIdOf(resealed)).isEqualTo("k2");
        assertThat(rotated.open(resealed, CONTEXT)).isEqualTo("s3cret");
        assertThatThrownBy(() -> box(K2).open(underK1, CONTEXT))
                .hasMessage("value sealed under key k1, which is not in the keyring");
    }

    @Test
    void aBadKeyFileIsNamedWithItsLine() {
        assertThatThrownBy(() -> Keyring.parse(List.of("# keys", "k1=not-base64!"), "/etc/finrelay/keys"))
                .hasMessage("/etc/finrelay/keys:2: key k1 is not base64");
        assertThatThrownBy(() -> Keyring.parse(List.of("k1=AAEC"), "keys")).hasMessage("keys:1: key k1 must be 32 bytes, is 3");
        assertThatThrownBy(() -> Keyring.parse(List.of(K1, K1), "keys")).hasMessage("keys:2: key id k1 appears twice");
    }

    @Test
    void aMissingKeyFileIsCreatedForItsOwnerOnlyAndThenReused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("conf/secrets.keys");
        Keyring first = Keyring.fromFile(file, new SecureRandom());
        assertThat(Files.getPosixFilePermissions(file)).hasToString("[OWNER_READ, OWNER_WRITE]");
        Keyring again = Keyring.fromFile(file, new SecureRandom());
        assertThat(again.active().getEncoded()).isEqualTo(first.active().getEncoded());
    }
}
