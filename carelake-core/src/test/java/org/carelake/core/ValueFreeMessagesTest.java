package org.carelake.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ValueFreeMessagesTest {
  // The shape of Spark 4's FAILFAST error for a CSV row that does not parse, and of PostgreSQL's
  // conversion error: both quote the record or the value.
  private static final String SPARK_MALFORMED =
      "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record"
          + " parsing: [17,MRN0042,Maria,Rivera,1980-02-14,999-12-3456,617-555-0142]."
          + "\nParse Mode: FAILFAST. To process malformed records as null result, try setting";
  private static final String POSTGRES_BAD_DATE =
      "ERROR: invalid input syntax for type date: \"1980-02-30\"";

  @Test
  void aSparkMalformedRecordErrorKeepsItsTypeAndWordsButNoneOfTheRowsValues() {
    IllegalStateException failure =
        new IllegalStateException(
            "Job aborted", new RuntimeException(SPARK_MALFORMED, new SQLException("x")));

    String message = ValueFreeMessages.of(failure);

    assertThat(message)
        .startsWith("IllegalStateException: Job aborted (caused by SQLException: x)")
        .doesNotContain("Maria", "Rivera", "1980", "999-12-3456", "617-555-0142", "MRN0042");
    assertThat(ValueFreeMessages.mask(SPARK_MALFORMED))
        .contains("Malformed records are detected in record parsing")
        .doesNotContain("Maria", "1980-02-14", "0142");
  }

  @Test
  void aQuotedValueInADatabaseErrorIsWithheld() {
    assertThat(ValueFreeMessages.of(new SQLException(POSTGRES_BAD_DATE)))
        .isEqualTo("SQLException: ERROR: invalid input syntax for type date: <withheld>");
  }

  @Test
  void labelledValuesDigitRunsAndEmailsAreWithheld() {
    assertThat(ValueFreeMessages.mask("bad value: Maria Rivera"))
        .isEqualTo("bad value: <withheld>");
    assertThat(ValueFreeMessages.mask("patient 40007716 mailed maria@example.org"))
        .isEqualTo("patient # mailed <withheld>");
  }

  @Test
  void networkAddressesAndPortsStaySoAConnectionFailureSaysWhere() {
    assertThat(ValueFreeMessages.mask("Connection to 127.0.0.1:5432 refused"))
        .isEqualTo("Connection to 127.0.0.1:5432 refused");
    assertThat(ValueFreeMessages.mask("connect to localhost:9093 failed after 2000 ms"))
        .isEqualTo("connect to localhost:9093 failed after # ms");
  }

  @Test
  void carelakesOwnMessagesPassAsTheyAre() {
    String own = "Source table 'patients' has no column 'updated_at'; set the watermark column";

    assertThat(ValueFreeMessages.of(new CarelakeException(own))).isEqualTo(own);
  }

  @Test
  void aLoggableCopyKeepsTheStackAndCausesWithoutAnyMessageValue() {
    RuntimeException failure =
        new RuntimeException("Job aborted", new RuntimeException(SPARK_MALFORMED));

    RuntimeException loggable = ValueFreeMessages.loggable(failure);
    StringWriter printed = new StringWriter();
    loggable.printStackTrace(new PrintWriter(printed));

    assertThat(loggable.getStackTrace()).isEqualTo(failure.getStackTrace());
    assertThat(printed.toString())
        .contains("java.lang.RuntimeException: Job aborted", "Malformed records")
        .doesNotContain("Maria", "Rivera", "999-12-3456");
  }
}
