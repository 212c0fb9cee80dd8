package org.carelake.lake.internal.fhir;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.carelake.core.CarelakeException;
import org.carelake.core.Errors;

/**
 * Converts between silver rows and the model records of {@link org.carelake.model}, following the
 * contract stated there: one column per record component, named in snake_case, with the Spark type
 * of the Java type. Metadata columns (starting with an underscore) are ignored.
 *
 * <p>A column the table does not have (yet) gives null, so a record can be read from a silver table
 * that predates one of its components; a missing primitive component is an error. DECIMAL columns
 * have a fixed scale, so the scale of the value as entered is already lost: trailing zeros are
 * removed, so that {@code 14.0000} maps to FHIR as {@code 14}.
 */
public final class SilverRows {
  private SilverRows() {}

  /** The snake_case column of a record component ({@code admitTime} is {@code admit_time}). */
  public static String column(String component) {
    return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** The silver columns of a record type, without the metadata columns. */
  public static StructType schema(Class<? extends Record> type) {
    List<StructField> fields = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      fields.add(
          DataTypes.createStructField(
              column(component.getName()),
              sparkType(component.getType()),
              !component.getType().isPrimitive()));
    }
    return DataTypes.createStructType(fields);
  }

  /** A record as a row of {@link #schema(Class)}. */
  public static Row toRow(Record record) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      Object value;
      try {
        value = components[i].getAccessor().invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (value instanceof Instant instant) {
        value = Timestamp.from(instant);
      } else if (value instanceof LocalDate date) {
        value = Date.valueOf(date);
      }
      values[i] = value;
    }
    return RowFactory.create(values);
  }

  /**
   * Reads a record from a silver row.
   *
   * @param row a row with (some of) the record's columns, by name
   * @param type the record type
   * @return the record
   * @throws CarelakeException when a primitive component's column is missing or null
   */
  static <R extends Record> R toRecord(Row row, Class<R> type) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    List<String> columns = Arrays.asList(row.schema().fieldNames());
    for (int i = 0; i < components.length; i++) {
      String column = column(components[i].getName());
      int index = columns.indexOf(column);
      Object value = index < 0 || row.isNullAt(index) ? null : row.get(index);
      if (value == null && components[i].getType().isPrimitive()) {
        throw Errors.silverKeyMissing(type, column);
      }
      values[i] = convert(value, components[i].getType());
    }
    try {
      Constructor<R> constructor =
          type.getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object convert(Object value, Class<?> target) {
    if (value == null) {
      return null;
    }
    if (target == Instant.class) {
      return value instanceof Timestamp timestamp ? timestamp.toInstant() : value;
    }
    if (target == LocalDate.class) {
      return value instanceof Date date ? date.toLocalDate() : value;
    }
    if (target == BigDecimal.class) {
      BigDecimal decimal =
          value instanceof BigDecimal number ? number : new BigDecimal(value.toString());
      decimal = decimal.stripTrailingZeros();
      return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
    }
    if ((target == long.class || target == Long.class) && value instanceof Number number) {
      return number.longValue();
    }
    if ((target == int.class || target == Integer.class) && value instanceof Number number) {
      return number.intValue();
    }
    if (target == String.class) {
      return value.toString();
    }
    return value;
  }

  private static DataType sparkType(Class<?> type) {
    if (type == long.class || type == Long.class) {
      return DataTypes.LongType;
    }
    if (type == int.class || type == Integer.class) {
      return DataTypes.IntegerType;
    }
    if (type == Instant.class) {
      return DataTypes.TimestampType;
    }
    if (type == LocalDate.class) {
      return DataTypes.DateType;
    }
    if (type == BigDecimal.class) {
      return DataTypes.createDecimalType(18, 4);
    }
    return DataTypes.StringType;
  }
}
