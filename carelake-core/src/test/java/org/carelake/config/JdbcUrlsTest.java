package org.carelake.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // PostgreSQL: parameters after '?', joined by '&'.
        "jdbc:postgresql://db:5432/ehr?user=etl&password=hunter2"
            + "|jdbc:postgresql://db:5432/ehr?user=etl&password=********",
        "jdbc:postgresql://db/ehr?password=hunter2&ssl=true"
            + "|jdbc:postgresql://db/ehr?password=********&ssl=true",
        "jdbc:postgresql://db/ehr?sslmode=verify-full&sslpassword=hunter2"
            + "|jdbc:postgresql://db/ehr?sslmode=verify-full&sslpassword=********",
        "jdbc:postgresql://db/ehr?PASSWORD=hunter2|jdbc:postgresql://db/ehr?PASSWORD=********",
        // SQL Server and Azure SQL: parameters after ';', a value may be wrapped in braces.
        "jdbc:sqlserver://h.database.windows.net:1433;database=gold;user=bi;password=hunter2;"
            + "encrypt=true"
            + "|jdbc:sqlserver://h.database.windows.net:1433;database=gold;user=bi;"
            + "password=********;encrypt=true",
        "jdbc:sqlserver://h:1433;Password={hun;ter2};encrypt=true"
            + "|jdbc:sqlserver://h:1433;Password=********;encrypt=true",
        "jdbc:sqlserver://h;authentication=ActiveDirectoryServicePrincipal;AADSecurePrincipalId=app;"
            + "clientSecret=hunter2"
            + "|jdbc:sqlserver://h;authentication=ActiveDirectoryServicePrincipal;"
            + "AADSecurePrincipalId=app;clientSecret=********",
        "jdbc:sqlserver://h;accessToken=hunter2|jdbc:sqlserver://h;accessToken=********",
        // A password in the authority.
        "jdbc:postgresql://etl:hunter2@db:5432/ehr|jdbc:postgresql://etl:********@db:5432/ehr",
        // Nothing secret: left as it is.
        "jdbc:postgresql://db:5432/ehr?user=etl&ssl=true|jdbc:postgresql://db:5432/ehr?user=etl&ssl=true",
        "jdbc:postgresql://[::1]:5432/ehr|jdbc:postgresql://[::1]:5432/ehr",
      })
  void secretsInAJdbcUrlAreMaskedAndTheRestKept(String url, String shown) {
    assertThat(JdbcUrls.redact(url)).isEqualTo(shown).doesNotContain("hunter2");
  }

  @Test
  void aUrlInsideAnErrorMessageIsMaskedToo() {
    String message =
        "Connection to jdbc:postgresql://db/ehr?user=etl&password=hunter2 refused; retry later";

    assertThat(JdbcUrls.redact(message))
        .isEqualTo(
            "Connection to jdbc:postgresql://db/ehr?user=etl&password=******** refused;"
                + " retry later");
    assertThat(JdbcUrls.redact(null)).isEmpty();
  }

  @Test
  void anEndpointShowsItsUrlMasked() {
    JdbcEndpoint endpoint =
        new JdbcEndpoint(
            "jdbc:postgresql://db/ehr?password=hunter2", "etl", Optional.of("hunter3"));

    assertThat(endpoint.displayUrl()).isEqualTo("jdbc:postgresql://db/ehr?password=********");
    assertThat(endpoint.toString()).doesNotContain("hunter2").doesNotContain("hunter3");
    assertThat(endpoint.url()).contains("hunter2");
  }
}
