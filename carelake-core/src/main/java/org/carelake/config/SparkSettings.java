package org.carelake.config;

/**
 * How to run Spark.
 *
 * @param master the Spark master URL
 * @param shufflePartitions the number of shuffle partitions
 */
public record SparkSettings(String master, int shufflePartitions) {}
