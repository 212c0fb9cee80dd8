package org.carelake.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carelake.core.Errors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * Offline validation of FHIR R4 JSON with the HAPI FHIR instance validator, built once per JVM.
 *
 * <p>The validator checks structure, cardinality, invariants and the bindings it can check offline:
 * the base R4 definitions and value sets come from {@code hapi-fhir-validation-resources-r4}, and
 * UCUM, ISO and the HL7 code systems are checked in memory. ICD-10-CM, LOINC, RxNorm and SNOMED CT
 * cannot be checked without a terminology server, so a code in them is reported as information, not
 * as an error.
 *
 * <p>Cost: building the validator takes seconds (it loads the R4 definitions), which {@link
 * #buildSeconds()} reports; it is thread-safe, so one instance serves the whole JVM. Each
 * validation call has a fixed cost of about 10 ms besides the work per resource, so {@link
 * #validate(List)} validates a Bundle of up to {@link #BATCH_SIZE} resources per call. The JSON
 * validated is the JSON carelake wrote, not a re-parsed object: HAPI's parser would reject or
 * silently fix some errors before the validator sees them.
 */
public final class FhirValidation {
  /** How many resources one validation call checks, as one Bundle. */
  public static final int BATCH_SIZE = 100;

  /** A location inside the batch Bundle: the entry's index, then the path inside its resource. */
  private static final Pattern ENTRY_LOCATION =
      Pattern.compile(
          "^Bundle\\.entry\\[(\\d+)]\\.resource(?:\\.ofType\\(\\w+\\))?(?:/\\*[^*]*\\*/)?(.*)$");

  private static final class Holder {
    static final FhirValidation INSTANCE = build();
  }

  private final FhirValidator validator;
  private final double buildSeconds;

  private FhirValidation(FhirValidator validator, double buildSeconds) {
    this.validator = validator;
    this.buildSeconds = buildSeconds;
  }

  /**
   * The JVM's validator, built on the first call (seconds; see {@link #buildSeconds()}).
   *
   * @throws org.carelake.core.CarelakeException when the validator cannot be built
   */
  public static FhirValidation get() {
    return Holder.INSTANCE;
  }

  private static FhirValidation build() {
    long started = System.nanoTime();
    try {
      FhirContext context = FhirJson.context();
      UnknownCodeSystemWarningValidationSupport unknownSystems =
          new UnknownCodeSystemWarningValidationSupport(context);
      unknownSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.INFORMATION);
      ValidationSupportChain chain =
          new ValidationSupportChain(
              new DefaultProfileValidationSupport(context),
              new CommonCodeSystemsTerminologyService(context),
              new InMemoryTerminologyServerValidationSupport(context),
              unknownSystems);
      FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
      FhirValidator validator = context.newValidator().registerValidatorModule(instanceValidator);
      FhirValidation validation = new FhirValidation(validator, 0);
      // The definitions load lazily on the first validation; a small resource makes the build
      // time include them, so the first real batch is not charged for it.
      validation.validateOne(
          new MappedResource(
              "Organization", "warm-up", "{\"resourceType\":\"Organization\",\"id\":\"warm-up\"}"));
      return new FhirValidation(validator, (System.nanoTime() - started) / 1e9);
    } catch (RuntimeException | LinkageError e) {
      throw Errors.fhirValidatorUnavailable(
          e instanceof Exception ex ? ex : new IllegalStateException(e));
    }
  }

  /** Seconds it took to build this validator, including loading the R4 definitions. */
  public double buildSeconds() {
    return buildSeconds;
  }

  /**
   * Validates one resource in one call (about 10 ms of fixed cost; prefer {@link #validate(List)}).
   *
   * @param resource the resource's JSON
   * @return its findings, informational ones included
   */
  public List<ValidationFinding> validateOne(MappedResource resource) {
    ValidationResult result = validator.validateWithResult(resource.json());
    List<ValidationFinding> findings = new ArrayList<>();
    for (SingleValidationMessage message : result.getMessages()) {
      findings.add(
          new ValidationFinding(
              resource.resourceType(),
              resource.id(),
              severity(message),
              location(message, message.getLocationString()),
              message.getMessage()));
    }
    return findings;
  }

  /**
   * Validates resources in Bundles of {@link #BATCH_SIZE}, one call per Bundle, and attributes each
   * finding to its resource. The Bundle is a {@code collection} whose entries' full URLs are the
   * resources' relative references, so references between resources of one batch resolve.
   *
   * @param resources the resources' JSON
   * @return the findings of all resources, informational ones included, in the order of the input
   */
  public List<ValidationFinding> validate(List<MappedResource> resources) {
    List<ValidationFinding> findings = new ArrayList<>();
    for (int from = 0; from < resources.size(); from += BATCH_SIZE) {
      List<MappedResource> batch =
          resources.subList(from, Math.min(resources.size(), from + BATCH_SIZE));
      findings.addAll(validateBatch(batch));
    }
    return findings;
  }

  private List<ValidationFinding> validateBatch(List<MappedResource> batch) {
    StringBuilder bundle = new StringBuilder(batch.size() * 1024);
    bundle.append("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
    for (int i = 0; i < batch.size(); i++) {
      MappedResource resource = batch.get(i);
      if (i > 0) {
        bundle.append(',');
      }
      bundle
          .append("{\"fullUrl\":\"")
          .append(FhirExportUrls.fullUrl(resource.resourceType(), resource.id()))
          .append("\",\"resource\":")
          .append(resource.json())
          .append('}');
    }
    bundle.append("]}");
    ValidationResult result;
    try {
      result = validator.validateWithResult(bundle.toString());
    } catch (RuntimeException e) {
      throw Errors.fhirValidationFailed(batch.size(), e);
    }
    List<ValidationFinding> findings = new ArrayList<>();
    for (SingleValidationMessage message : result.getMessages()) {
      String location = message.getLocationString() == null ? "" : message.getLocationString();
      Matcher matcher = ENTRY_LOCATION.matcher(location);
      if (matcher.matches() && Integer.parseInt(matcher.group(1)) < batch.size()) {
        MappedResource resource = batch.get(Integer.parseInt(matcher.group(1)));
        findings.add(
            new ValidationFinding(
                resource.resourceType(),
                resource.id(),
                severity(message),
                location(message, resource.resourceType() + matcher.group(2)),
                message.getMessage()));
      } else {
        findings.add(
            new ValidationFinding(
                "Bundle",
                "",
                severity(message),
                location(message, location),
                message.getMessage()));
      }
    }
    return findings;
  }

  private static ValidationFinding.Severity severity(SingleValidationMessage message) {
    if (message.getSeverity() == null) {
      return ValidationFinding.Severity.ERROR;
    }
    return switch (message.getSeverity()) {
      case INFORMATION -> ValidationFinding.Severity.INFORMATION;
      case WARNING -> ValidationFinding.Severity.WARNING;
      case ERROR -> ValidationFinding.Severity.ERROR;
      case FATAL -> ValidationFinding.Severity.FATAL;
    };
  }

  private static String location(SingleValidationMessage message, String path) {
    String where = path == null ? "" : path;
    if (message.getLocationLine() != null && message.getLocationLine() > 0) {
      return String.format(
          Locale.ROOT,
          "%s (line %d, col %d)",
          where,
          message.getLocationLine(),
          message.getLocationCol() == null ? 0 : message.getLocationCol());
    }
    return where;
  }
}
