package org.carelake.synth;

import java.util.List;

/**
 * Names and places for generated people. Names are among the most common in the US Census and
 * Social Security lists; places are real Massachusetts cities with real ZIP codes and area codes,
 * weighted roughly by population, so ZIP codes keep their leading zero (and losing it is a
 * realistic defect). The catalog is data: {@code given-names.csv}, {@code family-names.csv}, {@code
 * streets.csv}, {@code street-suffixes.csv} and {@code cities.csv} in {@code catalog/} among this
 * module's resources.
 */
final class PeopleCatalog {
  private PeopleCatalog() {}

  /**
   * A city.
   *
   * @param name the city
   * @param areaCode its telephone area code
   * @param zips ZIP codes in it
   * @param weight relative population
   */
  record City(String name, String areaCode, List<String> zips, double weight) {}

  private static final List<CatalogFile.Entry> GIVEN_NAMES =
      CatalogFile.read("given-names.csv", "sex", "name");

  /** Given names of women, from {@code given-names.csv}. */
  static final List<String> FEMALE_NAMES = givenNames("female");

  /** Given names of men, from {@code given-names.csv}. */
  static final List<String> MALE_NAMES = givenNames("male");

  /** Family names, from {@code family-names.csv}. */
  static final List<String> FAMILY_NAMES = column("family-names.csv", "name");

  /** Street names, from {@code streets.csv}. */
  static final List<String> STREETS = column("streets.csv", "name");

  /** Street suffixes, repeated by how common they are, from {@code street-suffixes.csv}. */
  static final List<String> STREET_SUFFIXES = column("street-suffixes.csv", "suffix");

  /** Cities, from {@code cities.csv} (ZIP codes separated by spaces). */
  static final List<City> CITIES =
      CatalogFile.read("cities.csv", "city", "area_code", "zip_codes", "weight").stream()
          .map(
              entry ->
                  new City(
                      entry.text("city"),
                      entry.text("area_code"),
                      List.of(entry.text("zip_codes").split(" ")),
                      entry.number("weight")))
          .toList();

  private static List<String> givenNames(String sex) {
    return GIVEN_NAMES.stream()
        .filter(entry -> entry.text("sex").equals(sex))
        .map(entry -> entry.text("name"))
        .toList();
  }

  private static List<String> column(String file, String column) {
    return CatalogFile.read(file, column).stream().map(entry -> entry.text(column)).toList();
  }

  static final String STATE = "MA";
}
