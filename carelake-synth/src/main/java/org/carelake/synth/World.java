package org.carelake.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.carelake.source.Row;
import org.carelake.source.SourceTable;

/**
 * The organisations, facilities and practitioners the generated patients are treated by: three
 * health systems, each with hospitals, clinics and a telehealth service, and about one practitioner
 * per forty patients. Each facility's system stores ICD-10-CM codes either dotted or undotted, as
 * real systems differ.
 */
final class World {
  /** A facility and how its system records diagnosis codes. */
  record Facility(long id, String type, PeopleCatalog.City city, boolean dottedCodes) {}

  /** A practitioner and the specialty that decides which encounters they attend. */
  record Practitioner(long id, String specialty) {}

  private static final String[][] SYSTEMS = {
    {"Harborview Health", "Boston"},
    {"Central Valley Medical Group", "Worcester"},
    {"Pioneer Health Partners", "Springfield"}
  };

  final List<Row> rows = new ArrayList<>();
  final List<Facility> hospitals = new ArrayList<>();
  final List<Facility> clinics = new ArrayList<>();
  final List<Facility> telehealth = new ArrayList<>();
  final List<Practitioner> primaryCare = new ArrayList<>();
  final List<Practitioner> pediatrics = new ArrayList<>();
  final List<Practitioner> emergency = new ArrayList<>();
  final List<Practitioner> hospitalists = new ArrayList<>();
  final List<Practitioner> obstetrics = new ArrayList<>();
  final List<Practitioner> surgeons = new ArrayList<>();

  /**
   * The world as a source already holds it: facilities by type and practitioners by specialty.
   * Where the source has no facility or practitioner of a role (an imported source names them
   * otherwise), every facility or practitioner serves in it.
   */
  static World existing(List<Facility> facilities, List<Practitioner> practitioners) {
    World world = new World();
    for (Facility facility : facilities) {
      switch (String.valueOf(facility.type())) {
        case "hospital" -> world.hospitals.add(facility);
        case "telehealth" -> world.telehealth.add(facility);
        case "clinic", "urgent-care" -> world.clinics.add(facility);
        default -> {
          // A type the generator does not know is used for every role below.
        }
      }
    }
    for (List<Facility> role : List.of(world.hospitals, world.telehealth, world.clinics)) {
      if (role.isEmpty()) {
        role.addAll(facilities);
      }
    }
    for (Practitioner practitioner : practitioners) {
      world.role(practitioner).add(practitioner);
    }
    for (List<Practitioner> role :
        List.of(
            world.primaryCare,
            world.pediatrics,
            world.emergency,
            world.hospitalists,
            world.obstetrics,
            world.surgeons)) {
      if (role.isEmpty()) {
        role.addAll(practitioners);
      }
    }
    return world;
  }

  private World() {}

  private List<Practitioner> role(Practitioner practitioner) {
    return switch (String.valueOf(practitioner.specialty())) {
      case "Family Medicine", "Internal Medicine" -> primaryCare;
      case "Pediatrics" -> pediatrics;
      case "Emergency Medicine" -> emergency;
      case "Hospital Medicine", "Cardiology", "Pulmonary Disease", "Nephrology" -> hospitalists;
      case "Obstetrics and Gynecology" -> obstetrics;
      default -> surgeons;
    };
  }

  World(int patients, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5EEDF00DL);
    long facilityId = 1;
    for (int s = 0; s < SYSTEMS.length; s++) {
      long organizationId = s + 1;
      PeopleCatalog.City home = city(SYSTEMS[s][1]);
      rows.add(
          Row.of(
              SourceTable.ORGANIZATIONS,
              organizationId,
              SYSTEMS[s][0],
              "health-system",
              address(random),
              home.name(),
              PeopleCatalog.STATE,
              home.zips().get(0),
              phone(home, random)));
      int hospitalCount = s == 0 ? 2 : 1;
      int clinicCount = 3 + s;
      for (int f = 0; f < hospitalCount + clinicCount + 1; f++) {
        String type;
        PeopleCatalog.City city;
        if (f < hospitalCount) {
          type = "hospital";
          city = f == 0 ? home : PeopleCatalog.CITIES.get(3 + s);
        } else if (f < hospitalCount + clinicCount) {
          type = f == hospitalCount ? "urgent-care" : "clinic";
          city = PeopleCatalog.CITIES.get((s * 7 + f * 3) % PeopleCatalog.CITIES.size());
        } else {
          type = "telehealth";
          city = home;
        }
        String system = SYSTEMS[s][0].split(" ")[0];
        String name =
            switch (type) {
              case "hospital" -> city.name() + " " + system + " Hospital";
              case "urgent-care" -> system + " Urgent Care " + city.name();
              case "telehealth" -> system + " Virtual Care";
              default -> system + " Primary Care " + city.name();
            };
        Facility facility = new Facility(facilityId++, type, city, random.nextDouble() < 0.7);
        switch (type) {
          case "hospital" -> hospitals.add(facility);
          case "telehealth" -> telehealth.add(facility);
          default -> clinics.add(facility);
        }
        rows.add(
            Row.of(
                SourceTable.FACILITIES,
                facility.id(),
                organizationId,
                name,
                type,
                type.equals("telehealth") ? null : address(random),
                city.name(),
                PeopleCatalog.STATE,
                city.zips().get(random.nextInt(city.zips().size())),
                phone(city, random)));
      }
    }
    Weighted<String> specialties =
        new Weighted<String>()
            .add("Family Medicine", 25)
            .add("Internal Medicine", 20)
            .add("Pediatrics", 10)
            .add("Emergency Medicine", 12)
            .add("Hospital Medicine", 12)
            .add("Obstetrics and Gynecology", 5)
            .add("Orthopaedic Surgery", 4)
            .add("Cardiology", 5)
            .add("Pulmonary Disease", 3)
            .add("Nephrology", 2)
            .add("Psychiatry", 2);
    int count = Math.max(30, patients / 40);
    for (int i = 0; i < count; i++) {
      // The first few cover every role, so even a tiny world has each kind of practitioner.
      String specialty =
          i < specialties.items().size() ? specialties.items().get(i) : specialties.draw(random);
      long id = i + 1;
      boolean female = random.nextBoolean();
      List<String> given = female ? PeopleCatalog.FEMALE_NAMES : PeopleCatalog.MALE_NAMES;
      rows.add(
          Row.of(
              SourceTable.PRACTITIONERS,
              id,
              npi(random),
              given.get(random.nextInt(given.size())),
              PeopleCatalog.FAMILY_NAMES.get(random.nextInt(PeopleCatalog.FAMILY_NAMES.size())),
              specialty,
              1 + random.nextInt(SYSTEMS.length)));
      Practitioner practitioner = new Practitioner(id, specialty);
      role(practitioner).add(practitioner);
    }
  }

  static PeopleCatalog.City city(String name) {
    return PeopleCatalog.CITIES.stream()
        .filter(city -> city.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static String address(SplittableRandom random) {
    return (1 + random.nextInt(400))
        + " "
        + PeopleCatalog.STREETS.get(random.nextInt(PeopleCatalog.STREETS.size()))
        + " "
        + PeopleCatalog.STREET_SUFFIXES.get(random.nextInt(PeopleCatalog.STREET_SUFFIXES.size()));
  }

  /** A number in the 555 exchange, which is not assigned to real subscribers. */
  static String phone(PeopleCatalog.City city, SplittableRandom random) {
    return city.areaCode() + "-555-" + String.format("%04d", random.nextInt(10_000));
  }

  /**
   * A National Provider Identifier: nine digits starting with 1 and a Luhn check digit computed
   * with the 80840 prefix, as CMS specifies.
   */
  static String npi(SplittableRandom random) {
    String base = "1" + String.format("%08d", random.nextInt(100_000_000));
    String withPrefix = "80840" + base;
    int sum = 0;
    boolean doubleIt = true;
    for (int i = withPrefix.length() - 1; i >= 0; i--) {
      int digit = withPrefix.charAt(i) - '0';
      if (doubleIt) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
      doubleIt = !doubleIt;
    }
    int check = (10 - sum % 10) % 10;
    return base + check;
  }
}
