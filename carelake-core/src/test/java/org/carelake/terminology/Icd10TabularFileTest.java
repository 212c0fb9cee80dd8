package org.carelake.terminology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.carelake.core.CarelakeException;
import org.junit.jupiter.api.Test;

class Icd10TabularFileTest {
  private static final String XML =
      """
      <?xml version="1.0" encoding="utf-8"?>
      <ICD10CM.tabular>
        <version>2021</version>
        <chapter>
          <name>9</name>
          <desc>Diseases of the circulatory system (I00-I99)</desc>
          <sectionIndex>
            <sectionRef first="I20" last="I25" id="I20-I25">Ischemic heart diseases</sectionRef>
          </sectionIndex>
          <section id="I00-I99">
            <desc>A grouping with no category (I00-I99)</desc>
          </section>
          <section id="I20-I25">
            <desc>Ischemic heart diseases (I20-I25)</desc>
            <diag>
              <name>I21</name>
              <desc>Acute myocardial infarction</desc>
              <diag>
                <name>I21.4</name>
                <desc>Non-ST elevation (NSTEMI) myocardial infarction</desc>
              </diag>
            </diag>
            <diag>
              <name>I25</name>
              <desc>Chronic ischemic heart disease</desc>
            </diag>
          </section>
        </chapter>
      </ICD10CM.tabular>
      """;

  private static Icd10TabularFile.Tabular parse(String xml) {
    return Icd10TabularFile.read(
        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "tabular.xml");
  }

  @Test
  void readsVersionChaptersBlocksAndTheBlockOfEachCategory() {
    Icd10TabularFile.Tabular tabular = parse(XML);

    assertThat(tabular.version()).isEqualTo("2021");
    assertThat(tabular.chapters())
        .containsExactly(new Icd10Chapter(9, "I00", "I99", "Diseases of the circulatory system"));
    Icd10Block block = new Icd10Block("I20", "I25", "Ischemic heart diseases", 9);
    assertThat(tabular.blocks()).containsExactly(block);
    assertThat(tabular.blockOfCategory()).containsOnlyKeys("I21", "I25").containsValue(block);
    assertThat(tabular.groupings()).isEqualTo(1);
  }

  @Test
  void aFileThatIsNotXmlIsRejected() {
    assertThatThrownBy(() -> parse("<ICD10CM.tabular><version>"))
        .isInstanceOf(CarelakeException.class)
        .hasMessageStartingWith("tabular.xml is not well-formed XML")
        .hasMessageEndingWith("or leave --icd10cm-tabular out to load codes without blocks.");
  }

  @Test
  void externalEntitiesAreRefused() {
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
            + "<ICD10CM.tabular><version>&e;</version></ICD10CM.tabular>";

    assertThatThrownBy(() -> parse(xml))
        .isInstanceOf(CarelakeException.class)
        .hasMessageStartingWith("tabular.xml is not well-formed XML");
  }

  @Test
  void anXmlFileWithoutChaptersIsNotATabularList() {
    assertThatThrownBy(() -> parse("<ICD10CM.tabular><version>2021</version></ICD10CM.tabular>"))
        .hasMessage(
            "tabular.xml has no <version> or no <chapter>; it is not an ICD-10-CM tabular list;"
                + " pass the release's icd10cm_tabular_<year>.xml.");
  }
}
