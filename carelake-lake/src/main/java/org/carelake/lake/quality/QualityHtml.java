package org.carelake.lake.quality;

import java.util.List;
import java.util.Locale;

/**
 * Renders a quality report as one self-contained HTML page: inline CSS, tables, and bar charts in
 * inline SVG; no script, font, image or style sheet is fetched, so the page opens from a lake
 * folder, a mail attachment or a CI artifact alike. Every text is escaped. Pure: no IO.
 */
final class QualityHtml {
  private static final String STYLE =
      """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;
      max-width:1100px;padding:0 1rem;color:#1d2430}
      h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;
      border-bottom:1px solid #d5dae1;padding-bottom:.2rem}
      .meta{color:#5b6575}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
      .card{border:1px solid #d5dae1;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
      .card b{display:block;font-size:1.3rem}
      table{border-collapse:collapse;width:100%;margin:.5rem 0}
      th,td{border-bottom:1px solid #e4e8ee;padding:.3rem .5rem;text-align:right}
      th{background:#f3f5f8}td.l,th.l{text-align:left}
      .ok{color:#1a7f37;font-weight:600}.bad{color:#cf222e;font-weight:600}
      .error{color:#cf222e}.warning{color:#9a6700}.up{color:#cf222e}.down{color:#1a7f37}
      svg text{font:12px system-ui,sans-serif;fill:#1d2430}
      .note{color:#5b6575;font-size:.9em}
      """;

  private QualityHtml() {}

  static String render(QualityReport report) {
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>carelake data quality: run ")
        .append(escape(report.runId()))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n");
    html.append("<h1>Data quality of run ").append(escape(report.runId())).append("</h1>\n");
    html.append("<p class=\"meta\">")
        .append(escape(report.command()))
        .append(", started ")
        .append(escape(report.startedAt()))
        .append(", ")
        .append(escape(report.status()))
        .append(" when this report was made (")
        .append(escape(report.generatedAt()))
        .append("). Counts and rule ids only: no patient data.</p>\n");
    cards(html, report);
    tables(html, report);
    rules(html, report);
    fhir(html, report);
    trend(html, report);
    html.append("<h2>Quarantine backlog (all runs)</h2>\n<p>")
        .append(count(report.backlog().quarantined()))
        .append(" rows quarantined, ")
        .append(count(report.backlog().released()))
        .append(" released by a replay, ")
        .append(count(report.backlog().fixedLater()))
        .append(" fixed by a later run; ")
        .append(count(report.backlog().open()))
        .append(
            " records (distinct table and key) still open. <span class=\"note\">'carelake quarantine list' shows them;"
                + " 'carelake quarantine replay' re-validates them after a fix.</span></p>\n");
    html.append("</body></html>\n");
    return html.toString();
  }

  private static void fhir(StringBuilder html, QualityReport report) {
    QualityReport.Fhir fhir = report.fhir();
    if (fhir == null || fhir.types().isEmpty()) {
      return;
    }
    html.append("<h2>FHIR R4 resources and validation</h2>\n<table><tr>")
        .append("<th class=\"l\">resource type</th><th>mapped</th><th>written</th>")
        .append("<th>deleted</th><th>validated</th><th>errors</th><th>warnings</th></tr>\n");
    for (QualityReport.FhirCounts type : fhir.types()) {
      html.append("<tr><td class=\"l\">").append(escape(type.resourceType())).append("</td>");
      for (long value :
          new long[] {type.mapped(), type.written(), type.deleted(), type.validated()}) {
        html.append("<td>").append(count(value)).append("</td>");
      }
      html.append(type.errors() > 0 ? "<td class=\"bad\">" : "<td>")
          .append(count(type.errors()))
          .append("</td><td>")
          .append(count(type.warnings()))
          .append("</td></tr>\n");
    }
    html.append(
        "</table>\n<p class=\"note\">mapped = silver rows changed since the last sync;"
            + " validated = the written resources the HAPI validator checked (all, or"
            + " fhir.validation-sample of them).</p>\n");
    if (fhir.findings().isEmpty()) {
      return;
    }
    html.append("<table><tr><th class=\"l\">resource type</th><th class=\"l\">severity</th>")
        .append("<th class=\"l\">location</th><th class=\"l\">message</th><th>findings</th>")
        .append("</tr>\n");
    for (QualityReport.FindingGroup group : fhir.findings()) {
      html.append("<tr><td class=\"l\">")
          .append(escape(group.resourceType()))
          .append("</td><td class=\"l ")
          .append(escape(group.severity()))
          .append("\">")
          .append(escape(group.severity()))
          .append("</td><td class=\"l\">")
          .append(escape(group.location()))
          .append("</td><td class=\"l\">")
          .append(escape(group.message()))
          .append("</td><td>")
          .append(count(group.count()))
          .append("</td></tr>\n");
    }
    html.append(
        "</table>\n<p class=\"note\">Quoted values in the validator's messages are masked."
            + " 'carelake fhir export' writes the resources; fhir/findings holds every"
            + " finding with its resource id.</p>\n");
  }

  private static void cards(StringBuilder html, QualityReport report) {
    QualityReport.Summary summary = report.summary();
    html.append("<div class=\"cards\">");
    card(html, "rows received by silver", count(summary.received()));
    card(
        html,
        "quarantined",
        count(summary.quarantined()) + " (" + percent(summary.quarantineRate()) + ")");
    card(
        html,
        "flagged by warnings",
        count(summary.warned()) + " (" + percent(summary.warningRate()) + ")");
    String outcome = report.reconciliation().outcome();
    html.append("<div class=\"card\">reconciliation<b class=\"")
        .append(outcome.equals("reconciled") ? "ok" : outcome.equals("failed") ? "bad" : "")
        .append("\">")
        .append(escape(outcome))
        .append("</b></div></div>\n");
  }

  private static void card(StringBuilder html, String label, String value) {
    html.append("<div class=\"card\">")
        .append(escape(label))
        .append("<b>")
        .append(escape(value))
        .append("</b></div>");
  }

  private static void tables(StringBuilder html, QualityReport report) {
    html.append("<h2>Rows per table and layer</h2>\n<table><tr><th class=\"l\">table</th>")
        .append("<th>source</th><th>bronze</th><th>silver received</th><th>upserted</th>")
        .append("<th>quarantined</th><th>duplicates</th><th>tombstones</th><th>flagged</th>")
        .append("<th>reconciled</th></tr>\n");
    for (QualityReport.TableCounts table : report.tables()) {
      html.append("<tr><td class=\"l\">")
          .append(escape(table.table()))
          .append("</td><td>")
          .append(count(table.source()))
          .append("</td><td>")
          .append(count(table.bronze()))
          .append("</td>");
      for (Long value :
          new Long[] {
            table.received(),
            table.upserted(),
            table.quarantined(),
            table.duplicates(),
            table.tombstones(),
            table.warned()
          }) {
        html.append("<td>").append(value == null ? "&ndash;" : count(value)).append("</td>");
      }
      html.append(table.reconciled() ? "<td class=\"ok\">yes</td>" : "<td class=\"bad\">no</td>")
          .append("</tr>\n");
    }
    html.append(
        "</table>\n<p class=\"note\">source = rows extracted; bronze = source +"
            + " tombstones; silver received = upserted + quarantined + duplicates + tombstones."
            + " &ndash; marks tables without a silver step yet.</p>\n");
    if (!report.reconciliation().problems().isEmpty()) {
      html.append("<p class=\"bad\">Does not reconcile:</p><ul>");
      report
          .reconciliation()
          .problems()
          .forEach(problem -> html.append("<li>").append(escape(problem)).append("</li>"));
      html.append("</ul>\n");
    }
  }

  private static void rules(StringBuilder html, QualityReport report) {
    html.append("<h2>Failures per rule</h2>\n");
    if (report.rules().isEmpty()) {
      html.append("<p class=\"ok\">No row failed a rule in this run.</p>\n");
      return;
    }
    double maxRate =
        report.rules().stream().mapToDouble(QualityReport.RuleFailures::rate).max().orElse(0);
    html.append("<table><tr><th class=\"l\">rule</th><th class=\"l\">table</th>")
        .append("<th class=\"l\">severity</th><th class=\"l\">checks</th><th>rows</th>")
        .append("<th>rate</th><th class=\"l\"></th><th>previous run</th></tr>\n");
    for (QualityReport.RuleFailures rule : report.rules()) {
      html.append("<tr><td class=\"l\">")
          .append(escape(rule.ruleId()))
          .append("</td><td class=\"l\">")
          .append(escape(rule.table()))
          .append("</td><td class=\"l ")
          .append(escape(rule.severity()))
          .append("\">")
          .append(escape(rule.severity()))
          .append("</td><td class=\"l\">")
          .append(escape(rule.description()))
          .append("</td><td>")
          .append(count(rule.failures()))
          .append("</td><td>")
          .append(percent(rule.rate()))
          .append("</td><td class=\"l\">")
          .append(
              bar(rule.rate(), maxRate, rule.severity().equals("error") ? "#cf222e" : "#bf8700"))
          .append("</td><td>")
          .append(previous(rule))
          .append("</td></tr>\n");
    }
    html.append(
        "</table>\n<p class=\"note\">rate = rows failing the rule per row the table"
            + " received in this run. Errors send rows to quarantine; warnings keep them in silver,"
            + " flagged in _warnings.</p>\n");
  }

  private static String previous(QualityReport.RuleFailures rule) {
    if (rule.previous() == null) {
      return "&ndash;";
    }
    long change = rule.failures() - rule.previous();
    String sign = change > 0 ? "up" : change < 0 ? "down" : "";
    return count(rule.previous())
        + (change == 0
            ? ""
            : " <span class=\""
                + sign
                + "\">("
                + (change > 0 ? "+" : "")
                + count(change)
                + ")</span>");
  }

  private static String bar(double value, double max, String colour) {
    int width = max <= 0 ? 0 : (int) Math.round(160 * value / max);
    return "<svg width=\"160\" height=\"12\" role=\"img\" aria-label=\""
        + percent(value)
        + "\"><rect width=\""
        + width
        + "\" height=\"12\" fill=\""
        + colour
        + "\"/></svg>";
  }

  private static void trend(StringBuilder html, QualityReport report) {
    List<QualityReport.Summary> trend = report.trend();
    html.append("<h2>Trend over the last ").append(trend.size()).append(" runs</h2>\n");
    double max =
        trend.stream()
            .mapToDouble(s -> Math.max(s.quarantineRate(), s.warningRate()))
            .max()
            .orElse(0);
    int barWidth = 28;
    int gap = 22;
    int height = 140;
    int width = 50 + trend.size() * (2 * barWidth + gap);
    html.append("<svg width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height + 40)
        .append("\" role=\"img\" aria-label=\"quarantine and warning rates per run\">");
    html.append("<line x1=\"40\" y1=\"")
        .append(height)
        .append("\" x2=\"")
        .append(width)
        .append("\" y2=\"")
        .append(height)
        .append("\" stroke=\"#8c959f\"/>");
    html.append("<text x=\"0\" y=\"12\">")
        .append(percent(max))
        .append("</text><text x=\"0\" y=\"")
        .append(height)
        .append("\">0%</text>");
    for (int i = 0; i < trend.size(); i++) {
      QualityReport.Summary summary = trend.get(i);
      int x = 50 + i * (2 * barWidth + gap);
      rect(html, x, summary.quarantineRate(), max, barWidth, height, "#cf222e");
      rect(html, x + barWidth, summary.warningRate(), max, barWidth, height, "#bf8700");
      String id = summary.runId();
      html.append("<text x=\"")
          .append(x)
          .append("\" y=\"")
          .append(height + 16)
          .append("\">")
          .append(escape(id.length() > 6 ? id.substring(0, 6) : id))
          .append("</text>");
    }
    html.append(
        "</svg>\n<p class=\"note\"><span style=\"color:#cf222e\">&#9632;</span>"
            + " quarantined per row received, <span style=\"color:#bf8700\">&#9632;</span> flagged"
            + " by a warning per row received; runs by sequence number.</p>\n");
    html.append("<table><tr><th class=\"l\">run</th><th>received</th><th>quarantined</th>")
        .append("<th>rate</th><th>flagged</th><th>rate</th></tr>\n");
    for (QualityReport.Summary summary : trend) {
      html.append("<tr><td class=\"l\">")
          .append(escape(summary.runId()))
          .append("</td><td>")
          .append(count(summary.received()))
          .append("</td><td>")
          .append(count(summary.quarantined()))
          .append("</td><td>")
          .append(percent(summary.quarantineRate()))
          .append("</td><td>")
          .append(count(summary.warned()))
          .append("</td><td>")
          .append(percent(summary.warningRate()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void rect(
      StringBuilder html, int x, double value, double max, int width, int height, String colour) {
    int barHeight = max <= 0 ? 0 : (int) Math.round((height - 10) * value / max);
    html.append("<rect x=\"")
        .append(x)
        .append("\" y=\"")
        .append(height - barHeight)
        .append("\" width=\"")
        .append(width - 4)
        .append("\" height=\"")
        .append(barHeight)
        .append("\" fill=\"")
        .append(colour)
        .append("\"><title>")
        .append(percent(value))
        .append("</title></rect>");
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String percent(double rate) {
    return String.format(Locale.ROOT, rate > 0 && rate < 0.001 ? "%.3f%%" : "%.2f%%", rate * 100);
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
