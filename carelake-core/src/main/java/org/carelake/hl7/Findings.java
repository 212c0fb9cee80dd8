package org.carelake.hl7;

import java.util.ArrayList;
import java.util.List;

/** The errors and warnings found while reading one message. */
final class Findings {
  final List<Hl7Problem> errors = new ArrayList<>();
  final List<Hl7Problem> warnings = new ArrayList<>();

  void error(String location, String text) {
    errors.add(Hl7Problem.at(location, text));
  }

  void warning(String location, String text) {
    warnings.add(Hl7Problem.at(location, text));
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }
}
