package org.carelake.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One configuration key, declared once with its type, default, validation and description.
 *
 * <p>Keys are dotted and kebab-cased ({@code kafka.bootstrap-servers}). Each can be set in the
 * configuration file or overridden by an environment variable named after it ({@code
 * CARELAKE_KAFKA_BOOTSTRAP_SERVERS}). A parser turns the text into a value or explains, in one
 * sentence, why it cannot; the caller adds the key and where the value came from.
 *
 * @param <T> the type of the parsed value
 */
public final class ConfigKey<T> {
  private final String name;
  private final String description;
  private final String defaultText;
  private final Sensitivity sensitivity;
  private final Function<String, T> parser;
  private final String expected;

  /** Whether a key's value may be printed. */
  public enum Sensitivity {
    /** The value may be shown in logs and in {@code carelake config}. */
    PLAIN,
    /** The value is a secret: it is masked wherever it is shown. */
    SECRET
  }

  private ConfigKey(
      String name,
      String description,
      String defaultText,
      Sensitivity sensitivity,
      Function<String, T> parser,
      String expected) {
    this.name = Objects.requireNonNull(name);
    this.description = Objects.requireNonNull(description);
    this.defaultText = defaultText;
    this.sensitivity = sensitivity;
    this.parser = parser;
    this.expected = expected;
  }

  /**
   * Declares a key.
   *
   * @param name the dotted, kebab-cased name
   * @param description one sentence for the README's configuration table
   * @param defaultText the default as text, or {@code null} when the key has no default
   * @param parser turns text into a value; throws {@link IllegalArgumentException} with the reason
   * @param expected what a valid value looks like, for error messages ("a whole number from 1")
   */
  static <T> ConfigKey<T> of(
      String name,
      String description,
      String defaultText,
      Function<String, T> parser,
      String expected) {
    return new ConfigKey<>(name, description, defaultText, Sensitivity.PLAIN, parser, expected);
  }

  /** The same key, marked secret: never printed, and never given a default. */
  ConfigKey<T> secret() {
    return new ConfigKey<>(name, description, null, Sensitivity.SECRET, parser, expected);
  }

  /** The dotted name, as written in the configuration file. */
  public String name() {
    return name;
  }

  /** The environment variable that overrides this key. */
  public String environmentVariable() {
    return "CARELAKE_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** One sentence that says what the key does. */
  public String description() {
    return description;
  }

  /** The default as text, when there is one. */
  public Optional<String> defaultText() {
    return Optional.ofNullable(defaultText);
  }

  /** Whether the value is a secret. */
  public Sensitivity sensitivity() {
    return sensitivity;
  }

  /** What a valid value looks like, in words. */
  public String expected() {
    return expected;
  }

  /**
   * Parses a value.
   *
   * @throws IllegalArgumentException with the reason when the text is not a valid value
   */
  T parse(String text) {
    return parser.apply(text);
  }

  @Override
  public String toString() {
    return name;
  }
}
