package org.carelake.lake.internal.gold;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.WeakHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.carelake.config.ConfigKeys;
import org.carelake.core.CarelakeException;
import org.carelake.core.Errors;
import org.carelake.lake.Lake;
import org.carelake.lake.LakeFiles;
import org.carelake.lake.LakePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed pseudonyms for gold: a patient's key is the HMAC-SHA-256 of its id with a secret, truncated
 * to 128 bits and written as 32 hexadecimal digits. The same secret gives the same key in every
 * run; without the secret the key cannot be computed from an id, nor an id found from a key.
 *
 * <p>The secret lives in the lake at {@code _carelake/pseudonym-secret} (owner-only), created with
 * a secure random on first use, unless {@code gold.pseudonym-secret-file} names another file.
 * Losing or replacing it changes every key: rotating the secret is issuing new keys.
 *
 * <p>In Spark SQL the function {@code patient_pseudonym(patient_id)} gives the key ({@link
 * #register}).
 */
public final class Pseudonyms {
  /** The Spark SQL function that gives a patient's key. */
  public static final String FUNCTION = "patient_pseudonym";

  /** The shortest secret accepted, in characters. */
  public static final int MIN_SECRET_LENGTH = 32;

  private static final Logger LOG = LoggerFactory.getLogger(Pseudonyms.class);
  private static final String ALGORITHM = "HmacSHA256";
  private static final int KEY_BYTES = 16;
  private static final Map<SparkSession, String> REGISTERED = new WeakHashMap<>();

  private final byte[] secret;
  private final String fingerprint;

  private Pseudonyms(byte[] secret) {
    this.secret = secret;
    this.fingerprint =
        hex(hmac(secret, "carelake:fingerprint".getBytes(StandardCharsets.UTF_8)), 8);
  }

  /**
   * The pseudonyms of a lake: with the file {@code gold.pseudonym-secret-file} names, else with the
   * lake's own secret, created on first use.
   *
   * @throws org.carelake.core.CarelakeException when the secret is missing (a configured file),
   *     unreadable or shorter than {@value #MIN_SECRET_LENGTH} characters
   */
  public static Pseudonyms of(Lake lake) {
    String configured = lake.config().get(ConfigKeys.GOLD_PSEUDONYM_SECRET_FILE).strip();
    return configured.isEmpty()
        ? inLake(lake.files(), lake.paths())
        : fromFile(lake.files(), location(configured));
  }

  /** The pseudonyms of the lake's own secret, which the first call creates. */
  static Pseudonyms inLake(LakeFiles files, LakePaths paths) {
    String path = paths.pseudonymSecret();
    if (!files.exists(path)) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n";
      if (files.createIfAbsent(path, secret.getBytes(StandardCharsets.UTF_8))) {
        LOG.info("event=pseudonym_secret.created path={}", path);
      }
    }
    return fromFile(files, path);
  }

  /** The pseudonyms of the secret a file holds; the file must exist. */
  static Pseudonyms fromFile(LakeFiles files, String path) {
    if (!files.exists(path)) {
      throw Errors.pseudonymSecretUnusable(path, "the file does not exist", null);
    }
    String text;
    try {
      text = files.read(path);
    } catch (CarelakeException e) {
      throw Errors.pseudonymSecretUnusable(path, "the file cannot be read", e);
    }
    String secret = text.strip();
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw Errors.pseudonymSecretUnusable(
          path,
          "it holds "
              + secret.length()
              + " characters, fewer than the "
              + MIN_SECRET_LENGTH
              + " a secret needs",
          null);
    }
    return new Pseudonyms(secret.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A patient's key.
   *
   * @param patientId the patient's id in silver
   * @return 32 hexadecimal digits
   */
  public String patient(long patientId) {
    return patient(secret, patientId);
  }

  /**
   * A short, one-way mark of the secret (64 bits of an HMAC of a constant), to tell whether two
   * builds used the same secret without revealing it.
   */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * Registers {@code patient_pseudonym(patient_id)} in a session with this secret. Registering the
   * same secret again does nothing; another secret replaces the function (dropped first, so Spark
   * does not warn of a replaced function).
   */
  public void register(SparkSession spark) {
    synchronized (REGISTERED) {
      if (fingerprint.equals(REGISTERED.get(spark))) {
        return;
      }
      byte[] key = secret.clone();
      spark.sql("DROP TEMPORARY FUNCTION IF EXISTS " + FUNCTION);
      spark
          .udf()
          .register(
              FUNCTION,
              (UDF1<Long, String>) id -> id == null ? null : patient(key, id),
              DataTypes.StringType);
      REGISTERED.put(spark, fingerprint);
    }
  }

  private static String patient(byte[] secret, long patientId) {
    return hex(hmac(secret, ("patient:" + patientId).getBytes(StandardCharsets.UTF_8)), KEY_BYTES);
  }

  /** The HMAC-SHA-256 of a message. */
  static byte[] hmac(byte[] secret, byte[] message) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JVM offers no " + ALGORITHM, e);
    }
  }

  private static String hex(byte[] bytes, int length) {
    return HexFormat.of().formatHex(bytes, 0, length);
  }

  private static String location(String configured) {
    if (configured.matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
      return configured;
    }
    return Path.of(configured).toAbsolutePath().toUri().toString();
  }
}
