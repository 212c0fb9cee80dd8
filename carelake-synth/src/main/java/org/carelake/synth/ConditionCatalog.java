package org.carelake.synth;

import java.util.List;

/**
 * The ICD-10-CM codes the generator uses, all billable in the FY2021 release (a test checks them
 * against the official order file), with prevalence and setting weights that follow published US
 * figures loosely (CDC chronic disease prevalence by age, the most frequent ED and inpatient
 * principal diagnoses in HCUP statistical briefs).
 *
 * <p>Codes are kept dotted here; each facility's system stores them dotted or not (see {@link
 * World}). Only codes that were valid and unchanged through FY2020 and FY2021 are used, since the
 * generated encounters fall in those two fiscal years.
 */
final class ConditionCatalog {
  private ConditionCatalog() {}

  /** Age bands for prevalence: 0-17, 18-39, 40-59, 60-74, 75 and over. */
  static int band(int age) {
    if (age < 18) {
      return 0;
    } else if (age < 40) {
      return 1;
    } else if (age < 60) {
      return 2;
    } else if (age < 75) {
      return 3;
    }
    return 4;
  }

  /**
   * A long-term condition a patient has or not.
   *
   * @param key the name the generator uses for the condition (labs and medications follow it)
   * @param code the ICD-10-CM code, dotted
   * @param description the code's short description
   * @param prevalence the share of people with it per age band ({@link #band(int)})
   * @param female multiplier for women
   * @param male multiplier for men
   */
  record Chronic(
      String key,
      String code,
      String description,
      double[] prevalence,
      double female,
      double male) {
    double prevalence(int age, boolean isFemale) {
      return prevalence[band(age)] * (isFemale ? female : male);
    }
  }

  /**
   * A diagnosis that is the reason for one encounter.
   *
   * @param code the ICD-10-CM code, dotted
   * @param description the code's short description
   * @param minAge youngest age it is drawn for
   * @param maxAge oldest age it is drawn for
   * @param weight relative frequency
   * @param key the condition a chronic patient must have for it to be drawn, or empty
   */
  record Acute(
      String code, String description, int minAge, int maxAge, double weight, String key) {}

  static final List<Chronic> CHRONIC =
      List.of(
          new Chronic(
              "hypertension",
              "I10",
              "Essential (primary) hypertension",
              new double[] {0.01, 0.09, 0.33, 0.58, 0.7},
              0.95,
              1.05),
          new Chronic(
              "hyperlipidemia",
              "E78.5",
              "Hyperlipidemia, unspecified",
              new double[] {0.005, 0.06, 0.25, 0.45, 0.45},
              0.95,
              1.05),
          new Chronic(
              "diabetes",
              "E11.9",
              "Type 2 diabetes mellitus without complications",
              new double[] {0.002, 0.04, 0.13, 0.22, 0.23},
              0.9,
              1.1),
          new Chronic(
              "prediabetes",
              "R73.03",
              "Prediabetes",
              new double[] {0.01, 0.06, 0.12, 0.14, 0.12},
              1,
              1),
          new Chronic(
              "obesity",
              "E66.9",
              "Obesity, unspecified",
              new double[] {0.1, 0.2, 0.24, 0.22, 0.12},
              1.05,
              0.95),
          new Chronic(
              "asthma",
              "J45.909",
              "Unspecified asthma, uncomplicated",
              new double[] {0.08, 0.08, 0.08, 0.08, 0.06},
              1.15,
              0.85),
          new Chronic(
              "copd",
              "J44.9",
              "Chronic obstructive pulmonary disease, unspecified",
              new double[] {0, 0.01, 0.04, 0.1, 0.12},
              1,
              1),
          new Chronic(
              "heart_failure",
              "I50.9",
              "Heart failure, unspecified",
              new double[] {0, 0.002, 0.01, 0.05, 0.1},
              0.9,
              1.1),
          new Chronic(
              "ckd",
              "N18.30",
              "Chronic kidney disease, stage 3 unspecified",
              new double[] {0, 0.01, 0.03, 0.09, 0.18},
              1.05,
              0.95),
          new Chronic(
              "atrial_fibrillation",
              "I48.91",
              "Unspecified atrial fibrillation",
              new double[] {0, 0.001, 0.01, 0.06, 0.12},
              0.85,
              1.15),
          new Chronic(
              "coronary_disease",
              "I25.10",
              "Atherosclerotic heart disease of native coronary artery without angina pectoris",
              new double[] {0, 0.003, 0.04, 0.12, 0.2},
              0.7,
              1.3),
          new Chronic(
              "hypothyroidism",
              "E03.9",
              "Hypothyroidism, unspecified",
              new double[] {0.003, 0.04, 0.07, 0.1, 0.12},
              1.6,
              0.4),
          new Chronic(
              "depression",
              "F32.9",
              "Major depressive disorder, single episode, unspecified",
              new double[] {0.03, 0.09, 0.08, 0.07, 0.06},
              1.3,
              0.7),
          new Chronic(
              "anxiety",
              "F41.9",
              "Anxiety disorder, unspecified",
              new double[] {0.05, 0.1, 0.08, 0.06, 0.05},
              1.3,
              0.7),
          new Chronic(
              "gerd",
              "K21.9",
              "Gastro-esophageal reflux disease without esophagitis",
              new double[] {0.01, 0.06, 0.11, 0.14, 0.14},
              1,
              1),
          new Chronic(
              "osteoarthritis",
              "M17.9",
              "Osteoarthritis of knee, unspecified",
              new double[] {0, 0.01, 0.06, 0.14, 0.2},
              1.2,
              0.8),
          new Chronic(
              "vitamin_d_deficiency",
              "E55.9",
              "Vitamin D deficiency, unspecified",
              new double[] {0.01, 0.04, 0.05, 0.05, 0.05},
              1.2,
              0.8),
          new Chronic(
              "anemia",
              "D64.9",
              "Anemia, unspecified",
              new double[] {0.01, 0.03, 0.03, 0.05, 0.1},
              1.4,
              0.6),
          new Chronic(
              "tobacco",
              "F17.210",
              "Nicotine dependence, cigarettes, uncomplicated",
              new double[] {0.01, 0.12, 0.14, 0.1, 0.05},
              0.85,
              1.15),
          new Chronic(
              "sleep_apnea",
              "G47.33",
              "Obstructive sleep apnea (adult) (pediatric)",
              new double[] {0.005, 0.03, 0.07, 0.08, 0.06},
              0.6,
              1.4),
          new Chronic(
              "osteoporosis",
              "M81.0",
              "Age-related osteoporosis without current pathological fracture",
              new double[] {0, 0, 0.02, 0.12, 0.22},
              1.8,
              0.2),
          new Chronic(
              "dementia",
              "F03.90",
              "Unspecified dementia without behavioral disturbance",
              new double[] {0, 0, 0.002, 0.03, 0.12},
              1.1,
              0.9),
          new Chronic(
              "bph",
              "N40.0",
              "Benign prostatic hyperplasia without lower urinary tract symptoms",
              new double[] {0, 0.01, 0.1, 0.3, 0.4},
              0,
              1),
          new Chronic(
              "migraine",
              "G43.909",
              "Migraine, unspecified, not intractable, without status migrainosus",
              new double[] {0.03, 0.1, 0.08, 0.04, 0.02},
              1.5,
              0.5),
          new Chronic(
              "adhd",
              "F90.9",
              "Attention-deficit hyperactivity disorder, unspecified type",
              new double[] {0.08, 0.03, 0.01, 0, 0},
              0.6,
              1.4),
          new Chronic(
              "eczema",
              "L20.9",
              "Atopic dermatitis, unspecified",
              new double[] {0.1, 0.03, 0.02, 0.02, 0.02},
              1,
              1));

  /** Reasons for an outpatient or virtual visit that is not for a long-term condition. */
  static final List<Acute> OUTPATIENT =
      List.of(
          new Acute("J06.9", "Acute upper respiratory infection, unspecified", 0, 120, 20, ""),
          new Acute("J02.9", "Acute pharyngitis, unspecified", 0, 120, 8, ""),
          new Acute("J01.90", "Acute sinusitis, unspecified", 5, 120, 6, ""),
          new Acute("H66.90", "Otitis media, unspecified, unspecified ear", 0, 12, 10, ""),
          new Acute("J20.9", "Acute bronchitis, unspecified", 0, 120, 6, ""),
          new Acute("N39.0", "Urinary tract infection, site not specified", 2, 120, 7, ""),
          new Acute("M54.5", "Low back pain", 18, 120, 8, ""),
          new Acute("R05", "Cough", 0, 120, 5, ""),
          new Acute("B34.9", "Viral infection, unspecified", 0, 120, 5, ""),
          new Acute(
              "K52.9", "Noninfective gastroenteritis and colitis, unspecified", 0, 120, 3, ""),
          new Acute("R10.9", "Unspecified abdominal pain", 0, 120, 3, ""),
          new Acute(
              "G44.209", "Tension-type headache, unspecified, not intractable", 10, 120, 3, ""),
          new Acute("L30.9", "Dermatitis, unspecified", 0, 120, 3, ""),
          new Acute("H10.9", "Unspecified conjunctivitis", 0, 120, 3, ""),
          new Acute("L03.90", "Cellulitis, unspecified", 0, 120, 2, ""),
          new Acute(
              "S93.401A",
              "Sprain of unspecified ligament of right ankle, initial encounter",
              8,
              80,
              2,
              ""),
          new Acute("Z23", "Encounter for immunization", 0, 120, 5, ""));

  /** Reasons for a routine check-up. */
  static final Acute ADULT_CHECKUP =
      new Acute(
          "Z00.00",
          "Encounter for general adult medical examination without abnormal findings",
          18,
          120,
          1,
          "");

  static final Acute CHILD_CHECKUP =
      new Acute(
          "Z00.129",
          "Encounter for routine child health examination without abnormal findings",
          0,
          17,
          1,
          "");

  /** Principal reasons for an emergency visit. */
  static final List<Acute> EMERGENCY =
      List.of(
          new Acute("R07.9", "Chest pain, unspecified", 18, 120, 12, ""),
          new Acute("R10.9", "Unspecified abdominal pain", 0, 120, 10, ""),
          new Acute("J06.9", "Acute upper respiratory infection, unspecified", 0, 120, 6, ""),
          new Acute("N39.0", "Urinary tract infection, site not specified", 2, 120, 5, ""),
          new Acute("R55", "Syncope and collapse", 10, 120, 4, ""),
          new Acute("R42", "Dizziness and giddiness", 18, 120, 3, ""),
          new Acute("R11.2", "Nausea with vomiting, unspecified", 0, 120, 4, ""),
          new Acute("R50.9", "Fever, unspecified", 0, 120, 4, ""),
          new Acute("R06.02", "Shortness of breath", 18, 120, 4, ""),
          new Acute(
              "S61.411A",
              "Laceration without foreign body of right hand, initial encounter",
              3,
              90,
              4,
              ""),
          new Acute(
              "S93.401A",
              "Sprain of unspecified ligament of right ankle, initial encounter",
              8,
              80,
              4,
              ""),
          new Acute(
              "S52.501A",
              "Unspecified fracture of the lower end of right radius, initial encounter",
              5,
              100,
              2,
              ""),
          new Acute("S09.90XA", "Unspecified injury of head, initial encounter", 0, 120, 3, ""),
          new Acute("K59.00", "Constipation, unspecified", 0, 120, 2, ""),
          new Acute(
              "G43.909",
              "Migraine, unspecified, not intractable, without status migrainosus",
              12,
              80,
              2,
              ""),
          new Acute(
              "J45.901", "Unspecified asthma with (acute) exacerbation", 0, 120, 12, "asthma"),
          new Acute("T78.40XA", "Allergy, unspecified, initial encounter", 0, 120, 2, ""));

  /** Principal reasons for a hospital admission. */
  static final List<Acute> INPATIENT =
      List.of(
          new Acute("A41.9", "Sepsis, unspecified organism", 18, 120, 10, ""),
          new Acute("J18.9", "Pneumonia, unspecified organism", 0, 120, 9, ""),
          new Acute("I50.9", "Heart failure, unspecified", 18, 120, 60, "heart_failure"),
          new Acute(
              "J44.1",
              "Chronic obstructive pulmonary disease with (acute) exacerbation",
              40,
              120,
              50,
              "copd"),
          new Acute("I21.4", "Non-ST elevation (NSTEMI) myocardial infarction", 35, 120, 4, ""),
          new Acute("I63.9", "Cerebral infarction, unspecified", 40, 120, 4, ""),
          new Acute("N17.9", "Acute kidney failure, unspecified", 18, 120, 4, ""),
          new Acute("N17.9", "Acute kidney failure, unspecified", 18, 120, 20, "ckd"),
          new Acute("N39.0", "Urinary tract infection, site not specified", 18, 120, 4, ""),
          new Acute("L03.90", "Cellulitis, unspecified", 18, 120, 3, ""),
          new Acute(
              "K57.92",
              "Diverticulitis of intestine, part unspecified, without perforation or abscess"
                  + " without bleeding",
              30,
              120,
              3,
              ""),
          new Acute("E86.0", "Dehydration", 0, 120, 2, ""),
          new Acute(
              "I48.91", "Unspecified atrial fibrillation", 40, 120, 20, "atrial_fibrillation"),
          new Acute(
              "K85.90",
              "Acute pancreatitis without necrosis or infection, unspecified",
              18,
              120,
              2,
              ""),
          new Acute(
              "E11.65", "Type 2 diabetes mellitus with hyperglycemia", 18, 120, 15, "diabetes"),
          new Acute("K35.80", "Unspecified acute appendicitis", 5, 70, 2, ""),
          new Acute(
              "F32.9",
              "Major depressive disorder, single episode, unspecified",
              12,
              120,
              10,
              "depression"));

  /** The elective admission of a patient with knee osteoarthritis (joint replacement). */
  static final Acute KNEE_REPLACEMENT =
      new Acute(
          "M17.11", "Unilateral primary osteoarthritis, right knee", 45, 120, 1, "osteoarthritis");

  /** A delivery. */
  static final Acute DELIVERY =
      new Acute("O80", "Encounter for full-term uncomplicated delivery", 16, 45, 1, "");

  /** Complications coded as secondary diagnoses during a hospital stay. */
  static final List<Acute> COMPLICATIONS =
      List.of(
          new Acute("E87.1", "Hypo-osmolality and hyponatremia", 18, 120, 3, ""),
          new Acute("E87.5", "Hyperkalemia", 18, 120, 2, ""),
          new Acute("E87.6", "Hypokalemia", 18, 120, 3, ""),
          new Acute("D64.9", "Anemia, unspecified", 18, 120, 3, ""),
          new Acute("N17.9", "Acute kidney failure, unspecified", 18, 120, 2, ""));

  /**
   * The short description of a code the catalog uses.
   *
   * @param code a dotted ICD-10-CM code of the catalog
   * @return its description
   * @throws IllegalArgumentException when the catalog does not use the code
   */
  static String description(String code) {
    for (Chronic chronic : CHRONIC) {
      if (chronic.code().equals(code)) {
        return chronic.description();
      }
    }
    for (List<Acute> list : List.of(OUTPATIENT, EMERGENCY, INPATIENT, COMPLICATIONS)) {
      for (Acute acute : list) {
        if (acute.code().equals(code)) {
          return acute.description();
        }
      }
    }
    throw new IllegalArgumentException("The condition catalog has no code " + code);
  }
}
