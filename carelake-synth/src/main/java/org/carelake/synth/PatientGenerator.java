package org.carelake.synth;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.carelake.source.CopyText;
import org.carelake.source.Row;
import org.carelake.source.SourceTable;
import org.carelake.synth.ConditionCatalog.Acute;
import org.carelake.synth.ConditionCatalog.Chronic;
import org.carelake.synth.LabCatalog.LabTest;
import org.carelake.synth.MedicationCatalog.Medication;

/**
 * Generates one patient's whole chart: demographics, long-term conditions, two fiscal years of
 * encounters with their diagnoses, prescriptions, lab results and appointments, the problem list
 * and allergies. A pure function of the world, the patient's key and the patient's random stream,
 * so charts can be generated in any order with the same result.
 *
 * <p>The generated world ends on {@link #AS_OF}, the last day of ICD-10-CM FY2021 (the code set
 * version carelake ships), and its encounters start on {@link #WINDOW_START}. Figures it follows
 * loosely: an age pyramid like the US census; outpatient visits rising with age and chronic
 * conditions; inpatient lengths of stay with a median of three days; about 14% of discharges
 * readmitted within 30 days; about 15% of booked appointments missed.
 */
final class PatientGenerator {
  /** The generated world's "today". */
  static final LocalDate AS_OF = LocalDate.of(2021, 9, 30);

  /** The first day encounters are generated for. */
  static final LocalDate WINDOW_START = LocalDate.of(2019, 10, 1);

  private static final long WINDOW_DAYS = ChronoUnit.DAYS.between(WINDOW_START, AS_OF) + 1;
  private static final double YEARS = WINDOW_DAYS / 365.25;
  private static final LocalDate PANDEMIC = LocalDate.of(2020, 3, 15);
  private static final double[] AGE_WEIGHTS = {
    // 0-4, 5-9, ... 95-99: the 2020 US census pyramid, rounded.
    5.7,
    6.0,
    6.3,
    6.4,
    6.6,
    7.0,
    6.9,
    6.6,
    6.2,
    6.0,
    6.2,
    6.4,
    6.3,
    5.5,
    4.4,
    3.0,
    1.9,
    1.1,
    0.5,
    0.1
  };

  private final World world;
  private final Ids ids;
  private final LocalDate today;
  private final LocalDateTime end;

  PatientGenerator(World world, Ids ids) {
    this(world, ids, AS_OF);
  }

  /**
   * A generator whose "today" is another day than {@link #AS_OF}: churn uses it to write the
   * encounters of one more day, with everything that is still under way at midnight in progress.
   */
  PatientGenerator(World world, Ids ids, LocalDate today) {
    this.world = world;
    this.ids = ids;
    this.today = today;
    this.end = today.atTime(23, 59, 59);
  }

  /** What the generator knows about a patient while it builds the chart. */
  private static final class Person {
    long id;
    boolean female;
    int age;
    LocalDate birth;
    LocalDate death;
    final Map<String, LocalDate> chronic = new LinkedHashMap<>();
    final Map<String, String> chronicCodes = new LinkedHashMap<>();
    final java.util.Set<String> treated = new java.util.HashSet<>();
    World.Practitioner primaryCare;
    World.Facility clinic;
    World.Facility hospital;
    World.Facility telehealth;

    boolean has(String key) {
      return chronic.containsKey(key);
    }

    int ageOn(LocalDate date) {
      return (int) ChronoUnit.YEARS.between(birth, date);
    }
  }

  /** An encounter not yet written: its class, start and why it happens. */
  private record Plan(
      String encounterClass, LocalDateTime start, String reason, long order, Acute acute) {}

  Chart generate(long patientId, SplittableRandom random) {
    Person person = person(patientId, random);
    Chart chart = new Chart(person.female);
    chart.add(demographics(person, random));
    problemList(person, chart);
    allergies(person, chart, random);
    encounters(person, chart, random);
    return chart;
  }

  /** The person's chronic conditions on the problem list, as registered. */
  private void problemList(Person person, Chart chart) {
    for (Map.Entry<String, LocalDate> condition : person.chronic.entrySet()) {
      chart.add(
          Row.of(
              SourceTable.PROBLEMS,
              ids.next(SourceTable.PROBLEMS),
              person.id,
              "ICD-10-CM",
              person.chronicCodes.get(condition.getKey()),
              description(condition.getKey()),
              "active",
              condition.getValue(),
              null));
    }
  }

  /**
   * What churn knows about a registered patient from the source: enough to write a realistic visit.
   *
   * @param id the patient's key
   * @param birth the birth date
   * @param female whether female reference ranges and conditions apply
   * @param problems the ICD-10-CM codes on the problem list, dotted or not, with their onset dates
   *     (null where the source has none)
   */
  record Known(long id, LocalDate birth, boolean female, Map<String, LocalDate> problems) {}

  /**
   * A patient who registers today: the registration (demographics, problem list and allergies as
   * taken at the first visit) and that visit, with whatever follows from it before midnight (an
   * emergency visit may end in an admission still in progress).
   *
   * @param patientId the new patient's key
   * @param encounterClass the class of the first visit
   * @param random the registration's random stream
   * @return every row written today
   */
  Chart register(long patientId, String encounterClass, SplittableRandom random) {
    Person person = person(patientId, random);
    person.death = null;
    Chart chart = new Chart(person.female);
    chart.add(demographics(person, random));
    problemList(person, chart);
    allergies(person, chart, random);
    day(person, chart, arrival(encounterClass, random), encounterClass, random);
    return chart;
  }

  /**
   * One visit today by a patient who is already registered, with everything recorded in it and
   * whatever follows from it before midnight.
   *
   * @param known the patient as the source holds them
   * @param arrival when the visit starts, today
   * @param encounterClass the visit's class
   * @param random the visit's random stream
   * @return the visit's rows (no patient row)
   */
  Chart visit(Known known, LocalDateTime arrival, String encounterClass, SplittableRandom random) {
    Person person = new Person();
    person.id = known.id();
    person.female = known.female();
    person.birth = known.birth() != null ? known.birth() : today.minusYears(40);
    person.age = Math.max(0, person.ageOn(today));
    for (Map.Entry<String, LocalDate> problem : known.problems().entrySet()) {
      String code = problem.getKey().trim().replace(".", "");
      LocalDate onset = problem.getValue() != null ? problem.getValue() : today.minusYears(1);
      for (Chronic chronic : ConditionCatalog.CHRONIC) {
        if (chronic.code().replace(".", "").equals(code)
            && !person.chronic.containsKey(chronic.key())) {
          person.chronic.put(chronic.key(), onset);
          person.chronicCodes.put(chronic.key(), chronic.code());
          // Long-term medications were started when the condition was first seen.
          person.treated.add(chronic.key());
        }
      }
    }
    List<World.Practitioner> doctors = person.age < 18 ? world.pediatrics : world.primaryCare;
    person.primaryCare = doctors.get(random.nextInt(doctors.size()));
    person.clinic = world.clinics.get(random.nextInt(world.clinics.size()));
    person.hospital = world.hospitals.get(random.nextInt(world.hospitals.size()));
    person.telehealth = world.telehealth.get(random.nextInt(world.telehealth.size()));
    Chart chart = new Chart(person.female);
    day(person, chart, arrival, encounterClass, random);
    return chart;
  }

  /** A primary care practitioner, for a booking. */
  long primaryCareId(SplittableRandom random) {
    return world.primaryCare.get(random.nextInt(world.primaryCare.size())).id();
  }

  /** A clinic, for a booking. */
  long clinicId(SplittableRandom random) {
    return world.clinics.get(random.nextInt(world.clinics.size())).id();
  }

  /** A time today for a visit of a class: office hours for visits, any hour otherwise. */
  LocalDateTime arrival(String encounterClass, SplittableRandom random) {
    return switch (encounterClass) {
      case "outpatient", "virtual" -> today.atTime(8 + random.nextInt(9), random.nextInt(3) * 20);
      default -> today.atTime(hour(random, 0, 23), random.nextInt(60));
    };
  }

  /** Writes today's encounters, starting with one of the given class at the given time. */
  private void day(
      Person person,
      Chart chart,
      LocalDateTime arrival,
      String encounterClass,
      SplittableRandom random) {
    PriorityQueue<Plan> plans = new PriorityQueue<>(PLAN_ORDER);
    long[] order = {0};
    plans.add(new Plan(encounterClass, arrival, "", order[0]++, null));
    LocalDateTime busyUntil = LocalDateTime.MIN;
    while (!plans.isEmpty()) {
      Plan plan = plans.poll();
      if (plan.start().isAfter(end) || plan.start().isBefore(busyUntil)) {
        continue;
      }
      busyUntil = encounter(person, chart, plan, plans, order, random);
    }
  }

  private static final java.util.Comparator<Plan> PLAN_ORDER =
      (a, b) ->
          a.start().equals(b.start())
              ? Long.compare(a.order(), b.order())
              : a.start().compareTo(b.start());

  private Person person(long patientId, SplittableRandom random) {
    Person person = new Person();
    person.id = patientId;
    double sex = random.nextDouble();
    person.female = sex < 0.507;
    int bucket = drawIndex(AGE_WEIGHTS, random);
    person.age = bucket * 5 + random.nextInt(5);
    person.birth = AS_OF.minusYears(person.age).minusDays(random.nextInt(365));
    for (Chronic chronic : ConditionCatalog.CHRONIC) {
      if (random.nextDouble() < chronic.prevalence(person.age, person.female)) {
        // Most long-term conditions were diagnosed before the window; about one in five during.
        LocalDate earliest = person.birth.plusYears(Math.min(person.age, 2));
        LocalDate onset;
        if (random.nextDouble() < 0.2) {
          onset = WINDOW_START.plusDays(random.nextInt((int) WINDOW_DAYS - 30));
        } else {
          long span = Math.max(1, ChronoUnit.DAYS.between(earliest, WINDOW_START));
          onset = WINDOW_START.minusDays(1 + random.nextLong(Math.min(span, 15 * 365)));
        }
        if (onset.isBefore(earliest)) {
          onset = earliest;
        }
        person.chronic.put(chronic.key(), onset);
        person.chronicCodes.put(chronic.key(), chronic.code());
      }
    }
    double deathRisk =
        switch (ConditionCatalog.band(person.age)) {
          case 4 -> 0.09;
          case 3 -> 0.03;
          case 2 -> 0.008;
          default -> 0.001;
        };
    deathRisk *= 1 + 0.3 * person.chronic.size();
    if (random.nextDouble() < deathRisk) {
      person.death = WINDOW_START.plusDays(random.nextInt((int) WINDOW_DAYS));
    }
    boolean child = person.age < 18;
    List<World.Practitioner> doctors = child ? world.pediatrics : world.primaryCare;
    person.primaryCare = doctors.get(random.nextInt(doctors.size()));
    person.clinic = world.clinics.get(random.nextInt(world.clinics.size()));
    person.hospital = world.hospitals.get(random.nextInt(world.hospitals.size()));
    person.telehealth = world.telehealth.get(random.nextInt(world.telehealth.size()));
    return person;
  }

  private Row demographics(Person person, SplittableRandom random) {
    List<String> names = person.female ? PeopleCatalog.FEMALE_NAMES : PeopleCatalog.MALE_NAMES;
    String given = names.get(random.nextInt(names.size()));
    String family =
        PeopleCatalog.FAMILY_NAMES.get(random.nextInt(PeopleCatalog.FAMILY_NAMES.size()));
    PeopleCatalog.City city = drawCity(random);
    String address = World.address(random);
    if (random.nextDouble() < 0.15) {
      address += " Apt " + (1 + random.nextInt(30));
    }
    String email =
        random.nextDouble() < 0.7
            ? (given + "." + family).toLowerCase(java.util.Locale.ROOT).replace("'", "")
                + (random.nextBoolean() ? "" : String.valueOf(random.nextInt(100)))
                + "@"
                + EMAIL_DOMAINS[random.nextInt(EMAIL_DOMAINS.length)]
            : null;
    String ssn =
        random.nextDouble() < 0.9
            ? String.format("999-%02d-%04d", 1 + random.nextInt(99), 1 + random.nextInt(9999))
            : null;
    String sex;
    double other = random.nextDouble();
    if (other < 0.001) {
      sex = "unknown";
    } else if (other < 0.002) {
      sex = "other";
    } else {
      sex = person.female ? "female" : "male";
    }
    return Row.of(
        SourceTable.PATIENTS,
        person.id,
        mrn(person.id),
        given,
        family,
        person.birth,
        sex,
        address,
        city.name(),
        PeopleCatalog.STATE,
        city.zips().get(random.nextInt(city.zips().size())),
        random.nextDouble() < 0.95 ? World.phone(city, random) : null,
        email,
        ssn,
        person.death);
  }

  private static final String[] EMAIL_DOMAINS = {"example.com", "example.org", "example.net"};

  /** A medical record number: eight digits, a bijection of the key so MRNs are unique. */
  static String mrn(long patientId) {
    long scrambled = (patientId * 48_271L + 10_000_019L) % 100_000_000L;
    return String.format("%08d", scrambled);
  }

  static PeopleCatalog.City drawCity(SplittableRandom random) {
    double total = 0;
    for (PeopleCatalog.City city : PeopleCatalog.CITIES) {
      total += city.weight();
    }
    double target = random.nextDouble() * total;
    for (PeopleCatalog.City city : PeopleCatalog.CITIES) {
      target -= city.weight();
      if (target < 0) {
        return city;
      }
    }
    return PeopleCatalog.CITIES.get(0);
  }

  private void allergies(Person person, Chart chart, SplittableRandom random) {
    if (random.nextDouble() >= 0.25) {
      return;
    }
    int count = random.nextDouble() < 0.75 ? 1 : 2 + random.nextInt(2);
    Weighted<MedicationCatalog.Allergen> allergens = new Weighted<>();
    MedicationCatalog.ALLERGENS.forEach(allergen -> allergens.add(allergen, allergen.weight()));
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      MedicationCatalog.Allergen allergen = allergens.draw(random);
      if (seen.contains(allergen.substance())) {
        continue;
      }
      seen.add(allergen.substance());
      double severity = random.nextDouble();
      String reaction =
          MedicationCatalog.REACTIONS.get(random.nextInt(MedicationCatalog.REACTIONS.size()));
      chart.add(
          Row.of(
              SourceTable.ALLERGIES,
              ids.next(SourceTable.ALLERGIES),
              person.id,
              allergen.codeSystem().isEmpty() ? null : allergen.codeSystem(),
              allergen.code().isEmpty() ? null : allergen.code(),
              allergen.substance(),
              allergen.category(),
              reaction,
              reaction.equals("Anaphylaxis")
                  ? "severe"
                  : severity < 0.55 ? "mild" : severity < 0.9 ? "moderate" : "severe",
              random.nextDouble() < 0.95 ? "active" : "inactive",
              random.nextDouble() < 0.6
                  ? person.birth.plusDays(
                      random.nextLong(Math.max(1, ChronoUnit.DAYS.between(person.birth, AS_OF))))
                  : null));
    }
  }

  private void encounters(Person person, Chart chart, SplittableRandom random) {
    LocalDate first = person.birth.isAfter(WINDOW_START) ? person.birth : WINDOW_START;
    LocalDate last = person.death != null ? person.death : AS_OF;
    if (first.isAfter(last)) {
      return;
    }
    int severe = 0;
    for (String key : List.of("heart_failure", "copd", "ckd", "dementia", "diabetes")) {
      severe += person.has(key) ? 1 : 0;
    }
    int band = ConditionCatalog.band(person.age);
    double outpatient =
        (person.age < 2 ? 5.5 : person.age < 18 ? 1.6 : 1.8 + 0.4 * band)
            + 0.5 * person.chronic.size();
    double virtualBefore = 0.1 + 0.1 * person.chronic.size();
    double virtualAfter = 0.7 + 0.3 * person.chronic.size();
    double emergency = 0.3 + 0.05 * band + 0.08 * person.chronic.size() + 0.15 * severe;
    double inpatient = new double[] {0.015, 0.04, 0.07, 0.14, 0.25}[band] + 0.12 * severe;
    double delivery = person.female && person.age >= 18 && person.age <= 42 ? 0.055 : 0;

    PriorityQueue<Plan> plans = new PriorityQueue<>(PLAN_ORDER);
    long[] order = {0};
    planMany(plans, order, "outpatient", outpatient, first, last, "", random);
    LocalDate virtualSplit = PANDEMIC.isAfter(first) ? PANDEMIC : first;
    if (virtualSplit.isAfter(first)) {
      planMany(
          plans, order, "virtual", virtualBefore, first, virtualSplit.minusDays(1), "", random);
    }
    planMany(plans, order, "virtual", virtualAfter, virtualSplit, last, "", random);
    planMany(plans, order, "emergency", emergency, first, last, "", random);
    planMany(plans, order, "inpatient", inpatient, first, last, "", random);
    planMany(plans, order, "inpatient", delivery, first, last, "delivery", random);
    if (person.has("osteoarthritis") && person.age >= 50 && random.nextDouble() < 0.04) {
      planMany(plans, order, "inpatient", 1 / YEARS, first, last, "knee", random);
    }
    if (person.death != null && random.nextDouble() < 0.45) {
      int days = 1 + random.nextInt(8);
      LocalDateTime start = person.death.minusDays(days).atTime(hour(random, 0, 23), 0);
      if (!start.toLocalDate().isBefore(first)) {
        plans.add(new Plan("inpatient", start, "terminal", order[0]++, null));
      }
    }

    LocalDateTime busyUntil = LocalDateTime.MIN;
    while (!plans.isEmpty()) {
      Plan plan = plans.poll();
      if (plan.start().isBefore(busyUntil) && !plan.reason().equals("terminal")) {
        // A patient is not seen elsewhere while admitted.
        continue;
      }
      if (plan.start().isAfter(end)
          || (person.death != null && plan.start().toLocalDate().isAfter(person.death))) {
        continue;
      }
      busyUntil = encounter(person, chart, plan, plans, order, random);
    }
    appointments(person, chart, random);
  }

  private void planMany(
      PriorityQueue<Plan> plans,
      long[] order,
      String encounterClass,
      double perYear,
      LocalDate first,
      LocalDate last,
      String reason,
      SplittableRandom random) {
    long days = ChronoUnit.DAYS.between(first, last) + 1;
    if (days <= 0 || perYear <= 0) {
      return;
    }
    int count = poisson(perYear * days / 365.25, random);
    for (int i = 0; i < count; i++) {
      LocalDate date = first.plusDays(random.nextLong(days));
      LocalDateTime start =
          switch (encounterClass) {
            case "outpatient", "virtual" -> {
              while (date.getDayOfWeek() == DayOfWeek.SATURDAY
                  || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
                date = date.plusDays(1);
              }
              yield date.atTime(8 + random.nextInt(9), random.nextInt(3) * 20);
            }
            case "emergency" -> date.atTime(hour(random, 0, 23), random.nextInt(60));
            default ->
                reason.equals("knee") || reason.equals("delivery") && random.nextBoolean()
                    ? date.atTime(7 + random.nextInt(3), 0)
                    : date.atTime(hour(random, 0, 23), random.nextInt(60));
          };
      plans.add(new Plan(encounterClass, start, reason, order[0]++, null));
    }
  }

  /** An hour of day, busier in the afternoon and evening, as emergency arrivals are. */
  private static int hour(SplittableRandom random, int from, int to) {
    int hour = from + random.nextInt(to - from + 1);
    if (hour < 8 && random.nextDouble() < 0.6) {
      hour += 10;
    }
    return Math.min(hour, 23);
  }

  /** Writes one encounter and everything recorded during it; returns when it ended. */
  private LocalDateTime encounter(
      Person person,
      Chart chart,
      Plan plan,
      PriorityQueue<Plan> plans,
      long[] order,
      SplittableRandom random) {
    long encounterId = ids.next(SourceTable.ENCOUNTERS);
    LocalDateTime admit = plan.start();
    int age = person.ageOn(admit.toLocalDate());
    World.Facility facility;
    World.Practitioner attending;
    LocalDateTime discharge;
    String disposition = null;
    String admissionType = null;
    Acute primary;
    switch (plan.encounterClass()) {
      case "outpatient" -> {
        facility = person.clinic;
        attending = person.primaryCare;
        discharge = admit.plusMinutes(15 + random.nextInt(30));
        primary = visitReason(person, age, admit.toLocalDate(), random);
      }
      case "virtual" -> {
        facility = person.telehealth;
        attending = person.primaryCare;
        discharge = admit.plusMinutes(10 + random.nextInt(20));
        primary = visitReason(person, age, admit.toLocalDate(), random);
      }
      case "emergency" -> {
        facility = person.hospital;
        attending = pick(world.emergency, random);
        double hours = Math.exp(Math.log(3.5) + 0.45 * random.nextGaussian());
        discharge = admit.plusMinutes((long) (Math.min(hours, 20) * 60));
        primary = draw(ConditionCatalog.EMERGENCY, person, age, random);
        double outcome = random.nextDouble();
        boolean serious = primary.code().equals("R07.9") || primary.key().equals("asthma");
        if (outcome < (serious ? 0.2 : 0.1)) {
          disposition = "admitted";
          plans.add(new Plan("inpatient", discharge, "from-emergency", order[0]++, null));
        } else if (outcome < 0.12) {
          disposition = "left-against-advice";
        } else if (outcome < 0.13) {
          disposition = "transfer";
        } else {
          disposition = "home";
        }
      }
      default -> {
        facility = person.hospital;
        attending = pick(world.hospitalists, random);
        double days = Math.exp(Math.log(3) + 0.6 * random.nextGaussian()) * (age >= 75 ? 1.2 : 1);
        admissionType = plan.reason().equals("from-emergency") ? "emergency" : "urgent";
        switch (plan.reason()) {
          case "delivery" -> {
            primary = ConditionCatalog.DELIVERY;
            attending = pick(world.obstetrics, random);
            days = 1.5 + random.nextDouble();
            admissionType = "elective";
          }
          case "knee" -> {
            primary = ConditionCatalog.KNEE_REPLACEMENT;
            attending = pick(world.surgeons, random);
            days = 1.5 + random.nextDouble() * 2;
            admissionType = "elective";
          }
          default -> primary = draw(ConditionCatalog.INPATIENT, person, age, random);
        }
        long minutes = (long) (Math.min(Math.max(days, 0.5), 40) * 24 * 60);
        discharge = admit.plusMinutes(minutes);
        if (discharge.getHour() < 9 || discharge.getHour() > 19) {
          discharge = discharge.withHour(10 + random.nextInt(7));
          if (discharge.isBefore(admit.plusHours(12))) {
            discharge = admit.plusHours(12 + random.nextInt(12));
          }
        }
        if (plan.reason().equals("terminal")) {
          discharge = person.death.atTime(LocalTime.of(hour(random, 0, 23), random.nextInt(60)));
          if (!discharge.isAfter(admit)) {
            discharge = admit.plusHours(6);
          }
          disposition = "expired";
        } else {
          disposition = inpatientDisposition(age, random);
          if (person.death != null && discharge.toLocalDate().isAfter(person.death)) {
            discharge = person.death.atTime(23, 0);
            disposition = "expired";
          }
          boolean frail = person.has("heart_failure") || person.has("copd") || person.has("ckd");
          if (!disposition.equals("expired")
              && random.nextDouble() < (frail ? 0.2 : 0.09)
              && !primary.code().equals("O80")) {
            int gap = 1 + (int) (29 * Math.pow(random.nextDouble(), 1.6));
            LocalDateTime readmit =
                discharge
                    .toLocalDate()
                    .plusDays(gap)
                    .atTime(hour(random, 0, 23), random.nextInt(60));
            plans.add(new Plan("inpatient", readmit, "readmission", order[0]++, null));
          }
        }
      }
    }
    boolean inProgress = discharge.isAfter(end);
    chart.add(
        Row.of(
            SourceTable.ENCOUNTERS,
            encounterId,
            person.id,
            plan.encounterClass(),
            timestamp(admit),
            inProgress ? null : timestamp(discharge),
            inProgress ? null : disposition,
            attending.id(),
            facility.id(),
            admissionType));
    List<Acute> coded =
        diagnoses(person, chart, encounterId, plan, primary, admit, facility, random);
    LocalDateTime until = inProgress ? end : discharge;
    prescriptions(person, chart, encounterId, plan, coded, admit, until, attending, random);
    labs(person, chart, encounterId, plan, coded, admit, until, random);
    if (plan.encounterClass().equals("outpatient") || plan.encounterClass().equals("virtual")) {
      chart.add(
          Row.of(
              SourceTable.APPOINTMENTS,
              ids.next(SourceTable.APPOINTMENTS),
              person.id,
              attending.id(),
              facility.id(),
              timestamp(admit),
              plan.encounterClass().equals("virtual") ? 15 : 20 + 10 * random.nextInt(3),
              "fulfilled",
              primary.description(),
              encounterId));
    }
    return discharge;
  }

  private static String inpatientDisposition(int age, SplittableRandom random) {
    double r = random.nextDouble();
    double elderly = age >= 75 ? 2 : age >= 65 ? 1.4 : 1;
    if (r < 0.012 * elderly) {
      return "expired";
    } else if (r < 0.02 * elderly + 0.012) {
      return "hospice";
    } else if (r < 0.1 * elderly + 0.03) {
      return "skilled-nursing";
    } else if (r < 0.1 * elderly + 0.05) {
      return "rehabilitation";
    } else if (r < 0.1 * elderly + 0.065) {
      return "left-against-advice";
    } else if (r < 0.1 * elderly + 0.08) {
      return "transfer";
    } else if (r < 0.1 * elderly + 0.22) {
      return "home-health";
    }
    return "home";
  }

  private Acute visitReason(Person person, int age, LocalDate date, SplittableRandom random) {
    double r = random.nextDouble();
    List<String> active = new ArrayList<>();
    person.chronic.forEach(
        (key, onset) -> {
          if (!onset.isAfter(date)) {
            active.add(key);
          }
        });
    if (r < 0.22) {
      return age < 18 ? ConditionCatalog.CHILD_CHECKUP : ConditionCatalog.ADULT_CHECKUP;
    }
    if (r < 0.65 && !active.isEmpty()) {
      String key = active.get(random.nextInt(active.size()));
      return new Acute(person.chronicCodes.get(key), description(key), 0, 120, 1, key);
    }
    return draw(ConditionCatalog.OUTPATIENT, person, age, random);
  }

  private static Acute draw(List<Acute> choices, Person person, int age, SplittableRandom random) {
    Weighted<Acute> weighted = new Weighted<>();
    for (Acute acute : choices) {
      if (age >= acute.minAge()
          && age <= acute.maxAge()
          && (acute.key().isEmpty() || person.has(acute.key()))) {
        weighted.add(acute, acute.weight());
      }
    }
    return weighted.isEmpty() ? choices.get(0) : weighted.draw(random);
  }

  private List<Acute> diagnoses(
      Person person,
      Chart chart,
      long encounterId,
      Plan plan,
      Acute primary,
      LocalDateTime admit,
      World.Facility facility,
      SplittableRandom random) {
    List<Acute> coded = new ArrayList<>();
    coded.add(primary);
    LocalDate date = admit.toLocalDate();
    boolean inpatient = plan.encounterClass().equals("inpatient");
    double chronicShare = inpatient ? 0.9 : plan.encounterClass().equals("emergency") ? 0.4 : 0.5;
    int limit = inpatient ? 8 : 4;
    for (Map.Entry<String, LocalDate> condition : person.chronic.entrySet()) {
      String key = condition.getKey();
      if (coded.size() >= limit
          || condition.getValue().isAfter(date)
          || key.equals(primary.key())) {
        continue;
      }
      if (random.nextDouble() < chronicShare) {
        coded.add(new Acute(person.chronicCodes.get(key), description(key), 0, 120, 1, key));
      }
    }
    if (inpatient && random.nextDouble() < 0.3) {
      Acute complication = draw(ConditionCatalog.COMPLICATIONS, person, 99, random);
      if (coded.stream().noneMatch(existing -> existing.code().equals(complication.code()))) {
        coded.add(complication);
      }
    }
    for (int i = 0; i < coded.size(); i++) {
      Acute diagnosis = coded.get(i);
      LocalDate onset =
          !diagnosis.key().isEmpty() && person.chronic.containsKey(diagnosis.key())
              ? person.chronic.get(diagnosis.key())
              : date.minusDays(random.nextInt(3));
      String code = facility.dottedCodes() ? diagnosis.code() : diagnosis.code().replace(".", "");
      chart.add(
          Row.of(
              SourceTable.DIAGNOSES,
              ids.next(SourceTable.DIAGNOSES),
              encounterId,
              person.id,
              code,
              i == 0 ? "primary" : "secondary",
              onset,
              null,
              diagnosis.description()));
    }
    return coded;
  }

  private void prescriptions(
      Person person,
      Chart chart,
      long encounterId,
      Plan plan,
      List<Acute> coded,
      LocalDateTime admit,
      LocalDateTime until,
      World.Practitioner prescriber,
      SplittableRandom random) {
    LocalDate date = admit.toLocalDate();
    Acute primary = coded.get(0);
    List<Medication> courses = MedicationCatalog.BY_DIAGNOSIS.get(primary.code());
    if (courses != null && random.nextDouble() < 0.8) {
      Medication medication = courses.get(random.nextInt(courses.size()));
      prescription(person, chart, encounterId, medication, date, prescriber, random);
    }
    // A long-term condition first seen in the window gets its medication at the first visit
    // after its onset.
    for (Acute diagnosis : coded) {
      String key = diagnosis.key();
      if (key.isEmpty() || !person.chronic.containsKey(key)) {
        continue;
      }
      List<Medication> options = MedicationCatalog.BY_CONDITION.get(key);
      if (options == null || !person.treated.add(key)) {
        continue;
      }
      if (random.nextDouble() < 0.85) {
        Medication medication = options.get(random.nextInt(options.size()));
        prescription(person, chart, encounterId, medication, date, prescriber, random);
      }
    }
    if (plan.encounterClass().equals("inpatient") && random.nextDouble() < 0.7) {
      Medication medication =
          MedicationCatalog.PROPHYLAXIS.get(random.nextInt(MedicationCatalog.PROPHYLAXIS.size()));
      Row row = prescription(person, chart, encounterId, medication, date, prescriber, random);
      row.set("end_date", until.toLocalDate());
      row.set("status", until.isBefore(end) ? "completed" : "active");
    }
  }

  private Row prescription(
      Person person,
      Chart chart,
      long encounterId,
      Medication medication,
      LocalDate start,
      World.Practitioner prescriber,
      SplittableRandom random) {
    LocalDate end = medication.days() > 0 ? start.plusDays(medication.days()) : null;
    String status;
    if (person.death != null && (end == null || end.isAfter(person.death))) {
      end = person.death;
      status = "stopped";
    } else if (end == null) {
      status = random.nextDouble() < 0.9 ? "active" : "stopped";
      if (status.equals("stopped")) {
        long span = Math.max(1, ChronoUnit.DAYS.between(start, today));
        end = start.plusDays(1 + random.nextLong(span));
      }
    } else {
      status = end.isAfter(today) ? "active" : "completed";
    }
    Row row =
        Row.of(
            SourceTable.PRESCRIPTIONS,
            ids.next(SourceTable.PRESCRIPTIONS),
            person.id,
            encounterId,
            medication.rxnorm(),
            medication.name(),
            medication.dose(),
            medication.unit(),
            medication.route(),
            medication.frequency(),
            start,
            end,
            prescriber.id(),
            status);
    chart.add(row);
    return row;
  }

  private void labs(
      Person person,
      Chart chart,
      long encounterId,
      Plan plan,
      List<Acute> coded,
      LocalDateTime admit,
      LocalDateTime until,
      SplittableRandom random) {
    List<String> codes = new ArrayList<>();
    coded.forEach(diagnosis -> codes.add(diagnosis.code()));
    List<LabTest> tests = new ArrayList<>();
    int draws = 1;
    String primary = codes.get(0);
    switch (plan.encounterClass()) {
      case "inpatient" -> {
        tests.addAll(LabCatalog.BASIC_METABOLIC);
        tests.addAll(LabCatalog.BLOOD_COUNT);
        if (person.has("heart_failure") || primary.equals("I50.9")) {
          tests.add(LabCatalog.BNP);
        }
        if (primary.equals("I21.4")) {
          tests.add(LabCatalog.TROPONIN);
        }
        long days = ChronoUnit.DAYS.between(admit.toLocalDate(), until.toLocalDate());
        draws = (int) Math.min(3, Math.max(1, days));
      }
      case "emergency" -> {
        if (random.nextDouble() < 0.55 || primary.equals("R07.9")) {
          tests.addAll(LabCatalog.BASIC_METABOLIC);
          tests.addAll(LabCatalog.BLOOD_COUNT);
        }
        if (primary.equals("R07.9") || primary.equals("R06.02")) {
          tests.add(LabCatalog.TROPONIN);
        }
      }
      case "outpatient" -> {
        boolean adult = person.ageOn(admit.toLocalDate()) >= 18;
        if (primary.equals("Z00.00")) {
          tests.addAll(LabCatalog.LIPIDS);
          tests.addAll(LabCatalog.BASIC_METABOLIC);
          tests.addAll(LabCatalog.BLOOD_COUNT);
        } else if (adult && random.nextDouble() < 0.45) {
          if (person.has("diabetes") || person.has("prediabetes")) {
            tests.add(LabCatalog.A1C);
          }
          if (person.has("diabetes") || person.has("ckd") || person.has("hypertension")) {
            tests.addAll(LabCatalog.BASIC_METABOLIC);
          }
          if (person.has("hyperlipidemia") || person.has("coronary_disease")) {
            tests.addAll(LabCatalog.LIPIDS);
          }
          if (person.has("anemia")) {
            tests.addAll(LabCatalog.BLOOD_COUNT);
          }
        }
        if (adult && person.has("hypothyroidism") && random.nextDouble() < 0.3) {
          tests.add(LabCatalog.TSH);
        }
        if (adult && person.has("heart_failure") && random.nextDouble() < 0.25) {
          tests.add(LabCatalog.BNP);
        }
      }
      default -> {
        // Virtual visits draw no blood.
      }
    }
    if (tests.isEmpty()) {
      return;
    }
    for (int draw = 0; draw < draws; draw++) {
      LocalDateTime collected =
          draw == 0
              ? admit.plusMinutes(10 + random.nextInt(50))
              : admit
                  .toLocalDate()
                  .plusDays(draw)
                  .atTime(5 + random.nextInt(2), random.nextInt(60));
      if (collected.isAfter(until)) {
        break;
      }
      LocalDateTime resulted = collected.plusMinutes(30 + random.nextInt(240));
      for (LabTest test : tests) {
        double value = labValue(test, person, codes, draw, random);
        String text = test.format(value);
        double reported = Double.parseDouble(text);
        chart.add(
            Row.of(
                SourceTable.LAB_RESULTS,
                ids.next(SourceTable.LAB_RESULTS),
                person.id,
                encounterId,
                test.loinc(),
                test.name(),
                text,
                null,
                test.unit(),
                Double.isNaN(test.low(person.female)) ? null : test.format(test.low(person.female)),
                Double.isNaN(test.high(person.female))
                    ? null
                    : test.format(test.high(person.female)),
                test.rangeText(person.female),
                test.flag(reported, person.female),
                timestamp(collected),
                resulted.isAfter(end) ? null : timestamp(resulted)));
      }
    }
  }

  /** A value explained by the patient's conditions and this encounter's diagnoses. */
  private static double labValue(
      LabTest test, Person person, List<String> codes, int draw, SplittableRandom random) {
    boolean female = person.female;
    double mean;
    double sd;
    switch (test.key()) {
      case "glucose" -> {
        mean = person.has("diabetes") ? 165 : person.has("prediabetes") ? 108 : 88;
        sd = person.has("diabetes") ? 45 : 9;
        if (codes.contains("E11.65")) {
          mean = 320;
          sd = 80;
        }
      }
      case "a1c" -> {
        mean = person.has("diabetes") ? 7.8 : person.has("prediabetes") ? 6.0 : 5.2;
        sd = person.has("diabetes") ? 1.2 : 0.25;
      }
      case "creatinine" -> {
        mean = female ? 0.8 : 1.0;
        sd = 0.13;
        if (person.has("ckd")) {
          mean = 1.8;
          sd = 0.35;
        }
        if (codes.contains("N17.9")) {
          mean = 3.0 - 0.5 * draw;
          sd = 0.7;
        }
      }
      case "egfr" -> {
        mean = person.has("ckd") ? 42 : 92;
        sd = person.has("ckd") ? 8 : 14;
        if (codes.contains("N17.9")) {
          mean = 24;
          sd = 6;
        }
      }
      case "urea" -> {
        mean = person.has("ckd") || codes.contains("N17.9") ? 34 : 14;
        sd = person.has("ckd") ? 8 : 3.5;
      }
      case "sodium" -> {
        mean = codes.contains("E87.1") ? 128 : 140;
        sd = 2.2;
      }
      case "potassium" -> {
        mean = codes.contains("E87.5") ? 5.9 : codes.contains("E87.6") ? 3.0 : 4.2;
        sd = 0.3;
      }
      case "leukocytes" -> {
        boolean infection =
            codes.contains("A41.9") || codes.contains("J18.9") || codes.contains("L03.90");
        mean = infection ? 16 - 2 * draw : 7.2;
        sd = infection ? 4 : 1.6;
      }
      case "hemoglobin" -> {
        mean = person.has("anemia") || codes.contains("D64.9") ? 9.6 : female ? 13.3 : 14.9;
        sd = 0.85;
      }
      case "hematocrit" -> {
        mean = person.has("anemia") || codes.contains("D64.9") ? 29.5 : female ? 40 : 43.5;
        sd = 2.4;
      }
      case "cholesterol" -> {
        mean = person.has("hyperlipidemia") ? 232 : 178;
        sd = 24;
      }
      case "ldl" -> {
        mean = person.has("hyperlipidemia") ? 148 : 92;
        sd = 22;
      }
      case "triglyceride" -> {
        mean = person.has("hyperlipidemia") || person.has("diabetes") ? 195 : 105;
        sd = 40;
      }
      case "hdl" -> {
        mean = female ? 60 : 50;
        sd = 11;
      }
      case "tsh" -> {
        mean = person.has("hypothyroidism") ? 6.5 : 1.9;
        sd = person.has("hypothyroidism") ? 2.5 : 0.8;
      }
      case "bnp" -> {
        mean = person.has("heart_failure") || codes.contains("I50.9") ? 720 : 45;
        sd = person.has("heart_failure") ? 300 : 25;
      }
      case "troponin" -> {
        mean = codes.contains("I21.4") ? 2.4 : 0.01;
        sd = codes.contains("I21.4") ? 1.5 : 0.007;
      }
      default -> {
        double low = test.low(female);
        double high = test.high(female);
        mean = (low + high) / 2;
        sd = (high - low) / 4.2;
      }
    }
    double value = mean + sd * random.nextGaussian();
    double floor = test.key().equals("troponin") ? 0.0 : Math.max(0.01, mean * 0.15);
    return Math.max(value, floor);
  }

  private void appointments(Person person, Chart chart, SplittableRandom random) {
    long fulfilled =
        chart.rows(SourceTable.APPOINTMENTS).stream()
            .filter(row -> "fulfilled".equals(row.get("status")))
            .count();
    // Young adults miss appointments most, the elderly least.
    double missRate = person.age >= 18 && person.age < 35 ? 0.27 : person.age >= 65 ? 0.11 : 0.17;
    LocalDate last = person.death != null ? person.death : AS_OF;
    LocalDate first = person.birth.isAfter(WINDOW_START) ? person.birth : WINDOW_START;
    long days = ChronoUnit.DAYS.between(first, last);
    if (days > 0) {
      for (long i = 0; i < fulfilled; i++) {
        if (random.nextDouble() < missRate) {
          chart.add(otherAppointment(person, first, days, "noshow", random));
        }
        if (random.nextDouble() < 0.13) {
          chart.add(otherAppointment(person, first, days, "cancelled", random));
        }
      }
    }
    if (person.death == null) {
      int booked = random.nextDouble() < 0.35 ? 1 + random.nextInt(2) : 0;
      for (int i = 0; i < booked; i++) {
        chart.add(otherAppointment(person, AS_OF.plusDays(1), 90, "booked", random));
      }
      if (random.nextDouble() < 0.003) {
        chart.add(otherAppointment(person, AS_OF, 1, "arrived", random));
      }
    }
  }

  private Row otherAppointment(
      Person person, LocalDate from, long days, String status, SplittableRandom random) {
    LocalDate date = from.plusDays(random.nextLong(Math.max(1, days)));
    while (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
      date = date.plusDays(1);
    }
    String reason;
    if (!person.chronic.isEmpty() && random.nextBoolean()) {
      List<String> keys = new ArrayList<>(person.chronic.keySet());
      reason = description(keys.get(random.nextInt(keys.size())));
    } else {
      reason = random.nextBoolean() ? "Annual physical" : "Follow-up visit";
    }
    return Row.of(
        SourceTable.APPOINTMENTS,
        ids.next(SourceTable.APPOINTMENTS),
        person.id,
        person.primaryCare.id(),
        person.clinic.id(),
        timestamp(date.atTime(8 + random.nextInt(9), random.nextInt(3) * 20)),
        20 + 10 * random.nextInt(3),
        status,
        reason,
        null);
  }

  private static String description(String key) {
    for (Chronic chronic : ConditionCatalog.CHRONIC) {
      if (chronic.key().equals(key)) {
        return chronic.description();
      }
    }
    throw new IllegalArgumentException("No chronic condition " + key);
  }

  private static <T> T pick(List<T> list, SplittableRandom random) {
    return list.get(random.nextInt(list.size()));
  }

  private static int drawIndex(double[] weights, SplittableRandom random) {
    double total = 0;
    for (double weight : weights) {
      total += weight;
    }
    double target = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      target -= weights[i];
      if (target < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  static int poisson(double mean, SplittableRandom random) {
    if (mean > 30) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }

  /** A wall-clock time as COPY reads it. */
  static String timestamp(LocalDateTime time) {
    return CopyText.timestamp(time);
  }
}
