package org.carelake.hl7;

/** Sample messages for the golden tests, segments ended by CR. */
final class Hl7Samples {
  private Hl7Samples() {}

  static String message(String... segments) {
    return String.join("\r", segments) + "\r";
  }

  static String msh(String type, String controlId, String version) {
    return "MSH|^~\\&|EPIC|HARBORVIEW|CARELAKE|LAKE|20210115083500||"
        + type
        + "|"
        + controlId
        + "|P|"
        + version;
  }

  static final String PID =
      "PID|1||00058290^^^HARBORVIEW^MR~42^^^HARBORVIEW^PI||Rivera^Maria^^^^^L||19800214|F|||"
          + "12 Elm Street^Apt 4^Boston^ma^02108||617-555-0142^PRN^PH~^NET^Internet^Maria.Rivera@example.com"
          + "||||||999-12-3456";

  /** PV1 with class, location facility, admission type, attending, patient type, visit. */
  static String pv1(String patientClass, String admit, String discharge, String disposition) {
    String[] fields = new String[46];
    java.util.Arrays.fill(fields, "");
    fields[0] = "PV1";
    fields[1] = "1";
    fields[2] = patientClass;
    fields[3] = "^^^3";
    fields[4] = "E";
    fields[7] = "1234567893^Osei^Kwame^^^^^^^^^^NPI~17^Osei^Kwame^^^^^^^^^^PRN";
    fields[19] = "1001^^^HARBORVIEW^VN";
    fields[36] = disposition;
    fields[44] = admit;
    fields[45] = discharge;
    return String.join("|", fields);
  }

  static final String DG1_PRIMARY =
      "DG1|1||E11.9^Type 2 diabetes mellitus without complications^I10||20210115|F|||||||||1"
          + "|||||5001";
  static final String DG1_SECONDARY =
      "DG1|2||I109^Essential hypertension^I10||20210115|F|||||||||2";

  static String adtA01() {
    return message(
        msh("ADT^A01^ADT_A01", "ADT0001", "2.5.1"),
        "EVN|A01|20210115083500",
        PID,
        pv1("I", "20210115083000", "", ""),
        DG1_PRIMARY,
        DG1_SECONDARY);
  }

  static String adtA03() {
    return message(
        msh("ADT^A03^ADT_A03", "ADT0002", "2.5.1").replace("20210115083500", "20210119101500"),
        "EVN|A03|20210119101500",
        PID,
        pv1("I", "20210115083000", "20210119100000", "01"),
        DG1_PRIMARY);
  }

  static String adtA04() {
    return message(
        msh("ADT^A04^ADT_A01", "ADT0003", "2.5.1"),
        "EVN|A04|20210115083500",
        PID,
        pv1("O", "20210115083000-0500", "", "").replace("^^^3", "^^^7"));
  }

  static String adtA08() {
    return message(
        msh("ADT^A08^ADT_A01", "ADT0004", "2.5.1"),
        "EVN|A08|20210115083500",
        PID.replace("12 Elm Street^Apt 4^Boston^ma^02108", "400 Oak Avenue^^Worcester^MA^01602"),
        pv1("I", "20210115083000", "", ""));
  }

  static final String SCH_S12 =
      "SCH|PL-881^CLINIC|7001^CARELAKE|||||^Follow-up visit|OFFICE|20|min|^^^20210301094000"
          + "||||||||||||||Booked";

  static String siuS12() {
    return message(
        msh("SIU^S12^SIU_S12", "SIU0001", "2.5.1"),
        SCH_S12,
        "TQ1|1||||||20210301094000||||||30^min",
        PID,
        "PV1|1|O|^^^5",
        "RGS|1",
        "AIP|1||17^Osei^Kwame^^^^^^^^^^PRN~1234567893^Osei^Kwame^^^^^^^^^^NPI|MD",
        "AIL|1||^^^5");
  }

  static String siuS14() {
    return message(
        msh("SIU^S14^SIU_S12", "SIU0002", "2.5.1"),
        SCH_S12.replace("^^^20210301094000", "^^^20210302140000"),
        PID,
        "RGS|1",
        "AIP|1||17^Osei^Kwame^^^^^^^^^^PRN",
        "AIL|1||^^^5");
  }

  static String siuS15() {
    return message(
        msh("SIU^S15^SIU_S12", "SIU0003", "2.5.1"),
        SCH_S12.replace("Booked", ""),
        PID,
        "RGS|1",
        "AIL|1||^^^5");
  }

  static String oruR01() {
    return message(
        msh("ORU^R01^ORU_R01", "ORU0001", "2.5.1"),
        PID,
        "PV1|1|I|^^^3||||||||||||||||1001",
        "ORC|RE|PL-4411|FL-9921^LAB",
        "OBR|1|PL-4411|FL-9921^LAB|24323-8^Comprehensive metabolic panel^LN|||20210115091000"
            + "|||||||||||||||20210115120000|||F",
        "OBX|1|NM|2345-7^Glucose^LN||95|mg/dL|70-99|N|||F|||20210115091500",
        "OBX|2|SN|10839-9^Troponin I^LN||<^0.01|ng/mL|<0.04|N|||F",
        "OBX|3|NM|2160-0^Creatinine^LN||1.42|mg/dL|0.6 - 1.2|H|||F||||||||||9001");
  }
}
