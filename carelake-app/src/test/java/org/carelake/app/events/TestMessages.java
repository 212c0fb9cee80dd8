package org.carelake.app.events;

import java.nio.charset.StandardCharsets;

/**
 * Messages written for these tests from the segment definitions of HL7 v2.5.1 Ch. 2 (MSH), 3 (ADT:
 * EVN, PID, PV1), 7 (ORU: OBR, OBX) and 10 (SIU: SCH, RGS, AIS); the people are invented.
 */
final class TestMessages {
  private TestMessages() {}

  static String msh(String type, String controlId, String version) {
    return "MSH|^~\\&|REGADT|RIVERVIEW|CARELAKE|LAKE|20240512093000||"
        + type
        + "|"
        + controlId
        + "|P|"
        + version;
  }

  static String adt(String version, String controlId, String mrn) {
    String type = version.startsWith("2.3") ? "ADT^A01" : "ADT^A01^ADT_A01";
    return String.join(
            "\r",
            msh(type, controlId, version),
            "EVN|A01|20240512093000",
            "PID|1||" + mrn + "^^^RIVERVIEW^MR||Quill^Ione^B||19770304|F",
            "PV1|1|I|W3^301^1^RIVERVIEW||||4411^Marsh^Oren")
        + "\r";
  }

  static String siu(String version, String controlId, String mrn) {
    return String.join(
            "\r",
            msh("SIU^S12^SIU_S12", controlId, version),
            "SCH|AP-" + controlId + "^RIVERVIEW|||||ROUTINE^Routine visit|||30|min",
            "PID|1||" + mrn + "^^^RIVERVIEW^MR||Quill^Ione^B||19770304|F",
            "RGS|1|A",
            "AIS|1|A|CHECKUP^Annual check-up|20240601090000|0|min|30|min")
        + "\r";
  }

  static String oru(String version, String controlId, String mrn) {
    return String.join(
            "\r",
            msh("ORU^R01^ORU_R01", controlId, version),
            "PID|1||" + mrn + "^^^RIVERVIEW^MR||Quill^Ione^B||19770304|F",
            "OBR|1|PL-" + controlId + "|FL-" + controlId + "|2345-7^Glucose^LN|||20240512080000",
            "OBX|1|NM|2345-7^Glucose^LN||97|mg/dL|70-99|N|||F")
        + "\r";
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
