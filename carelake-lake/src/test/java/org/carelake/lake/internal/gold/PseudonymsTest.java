package org.carelake.lake.internal.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.carelake.core.CarelakeException;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymsTest {
  private final LakeFiles files = LakeFiles.withDefaults();

  @TempDir Path lake;

  @Test
  void theHmacIsHmacSha256AsRfc4231DefinesIt() {
    // RFC 4231, test case 2.
    byte[] mac =
        Pseudonyms.hmac(
            "Jefe".getBytes(StandardCharsets.UTF_8),
            "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8));

    assertThat(HexFormat.of().formatHex(mac))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void theLakesSecretIsCreatedOwnerOnlyOnFirstUseAndThenReadAsItIs() throws Exception {
    LakePaths paths = LakePaths.of(lake.toUri());

    Pseudonyms first = Pseudonyms.inLake(files, paths);
    Path secret = lake.resolve("_carelake/pseudonym-secret");
    String written = Files.readString(secret);
    Pseudonyms second = Pseudonyms.inLake(files, paths);

    assertThat(written.strip()).hasSizeGreaterThanOrEqualTo(Pseudonyms.MIN_SECRET_LENGTH);
    assertThat(Files.readString(secret)).isEqualTo(written);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
        .isEqualTo("rw-------");
    assertThat(second.patient(42)).isEqualTo(first.patient(42)).matches("[0-9a-f]{32}");
    assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(Files.list(secret.getParent()).map(p -> p.getFileName().toString()))
        .containsExactly("pseudonym-secret");
  }

  @Test
  void twoLakesGetTwoSecretsAndSoOtherKeysForTheSamePatient(@TempDir Path other) {
    Pseudonyms one = Pseudonyms.inLake(files, LakePaths.of(lake.toUri()));
    Pseudonyms two = Pseudonyms.inLake(files, LakePaths.of(other.toUri()));

    assertThat(two.patient(42)).isNotEqualTo(one.patient(42));
    assertThat(two.fingerprint()).isNotEqualTo(one.fingerprint());
    assertThat(one.patient(42)).isNotEqualTo(one.patient(43));
  }

  @Test
  void aSecretFileGivesTheSameKeysWhereverItIsRead(@TempDir Path other) throws Exception {
    Path secret = lake.resolve("secret.txt");
    Files.writeString(secret, "a-secret-of-forty-characters-0123456789\n");

    Pseudonyms one = Pseudonyms.fromFile(files, secret.toUri().toString());
    Path copy = Files.copy(secret, other.resolve("copy.txt"));
    Pseudonyms two = Pseudonyms.fromFile(files, copy.toUri().toString());

    assertThat(two.patient(7)).isEqualTo(one.patient(7));
  }

  @Test
  void aSecretShorterThan32CharactersIsRefusedWithoutQuotingIt() throws Exception {
    Path secret = lake.resolve("short.txt");
    Files.writeString(secret, "hunter2-too-short\n");

    assertThatThrownBy(() -> Pseudonyms.fromFile(files, secret.toUri().toString()))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("short.txt cannot be used")
        .hasMessageContaining("it holds 17 characters, fewer than the 32 a secret needs")
        .hasMessageContaining("gold.pseudonym-secret-file")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aConfiguredSecretFileThatDoesNotExistIsRefusedNotCreated() {
    Path secret = lake.resolve("missing.txt");

    assertThatThrownBy(() -> Pseudonyms.fromFile(files, secret.toUri().toString()))
        .isInstanceOf(CarelakeException.class)
        .hasMessageContaining("missing.txt cannot be used: the file does not exist")
        .hasMessageContaining("restore the file from a backup");
    assertThat(secret).doesNotExist();
  }
}
